package dev.tierkit.cache.protocol;

/**
 * {@code incr}/{@code decr}.
 *
 * @param delta an unsigned 64-bit amount
 */
public record ArithmeticCommand(boolean increment, byte[] key, long delta, boolean noreply)
    implements MemcacheCommand {}
