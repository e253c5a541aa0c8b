package dev.tierkit.cache.protocol;

/**
 * {@code incr}/{@code decr}.
 *
 * @param delta an unsigned 64-bit amount
 */
// Keys are bytes as the client sent them; commands are never compared or hashed.
@SuppressWarnings("ArrayRecordComponent")
public record ArithmeticCommand(boolean increment, byte[] key, long delta, boolean noreply)
    implements MemcacheCommand {}
