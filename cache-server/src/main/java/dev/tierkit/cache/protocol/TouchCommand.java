package dev.tierkit.cache.protocol;

/** {@code touch <key> <exptime> [noreply]}. */
// Keys are bytes as the client sent them; commands are never compared or hashed.
@SuppressWarnings("ArrayRecordComponent")
public record TouchCommand(byte[] key, long exptime, boolean noreply) implements MemcacheCommand {}
