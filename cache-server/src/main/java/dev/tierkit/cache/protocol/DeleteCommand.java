package dev.tierkit.cache.protocol;

/** {@code delete <key> [0] [noreply]}. */
// Keys are bytes as the client sent them; commands are never compared or hashed.
@SuppressWarnings("ArrayRecordComponent")
public record DeleteCommand(byte[] key, boolean noreply) implements MemcacheCommand {}
