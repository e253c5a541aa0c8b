package dev.tierkit.cache.protocol;

/**
 * {@code flush_all [delay] [noreply]}.
 *
 * @param delay seconds from now (0 or negative: now)
 */
public record FlushAllCommand(long delay, boolean noreply) implements MemcacheCommand {}
