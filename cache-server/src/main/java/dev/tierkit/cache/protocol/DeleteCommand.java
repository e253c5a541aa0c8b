package dev.tierkit.cache.protocol;

/** {@code delete <key> [0] [noreply]}. */
public record DeleteCommand(byte[] key, boolean noreply) implements MemcacheCommand {}
