package dev.tierkit.cache.protocol;

import java.util.List;

/** {@code stats [args]}: the arguments after {@code stats}, possibly none. */
public record StatsCommand(List<String> args) implements MemcacheCommand {}
