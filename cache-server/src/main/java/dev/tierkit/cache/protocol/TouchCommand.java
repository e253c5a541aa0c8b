package dev.tierkit.cache.protocol;

/** {@code touch <key> <exptime> [noreply]}. */
public record TouchCommand(byte[] key, long exptime, boolean noreply) implements MemcacheCommand {}
