package dev.tierkit.cache.protocol;

/** {@code verbosity <level> [noreply]}. */
public record VerbosityCommand(int level, boolean noreply) implements MemcacheCommand {}
