package dev.tierkit.cache.protocol;

import dev.tierkit.common.metrics.Counter;
import dev.tierkit.common.metrics.Histogram;
import dev.tierkit.common.metrics.MetricRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * The protocol's counters under memcached's stat names, registered once in a {@link MetricRegistry}
 * as {@code tierkit_cache_<name>_total}, so {@code stats} and {@code /metrics} show the same
 * numbers. Thread-safe; an increment is one {@code LongAdder} add.
 *
 * <p>{@code stats reset} cannot rewind Prometheus counters (they must never decrease): it records a
 * baseline that {@code stats} subtracts instead.
 */
public final class CacheMetrics {
  /** The counted stats, in memcached's {@code stats} order. */
  enum Stat {
    CMD_GET("cmd_get", "get, gets, gat and gats keys looked up"),
    CMD_SET("cmd_set", "storage commands"),
    CMD_FLUSH("cmd_flush", "flush_all commands"),
    CMD_TOUCH("cmd_touch", "touch, gat and gats keys"),
    CMD_META("cmd_meta", "meta commands"),
    GET_HITS("get_hits", "keys found by get and gets"),
    GET_MISSES("get_misses", "keys not found by get and gets"),
    GET_EXPIRED("get_expired", "lookups that found the item expired"),
    GET_FLUSHED("get_flushed", "lookups that found the item flushed"),
    DELETE_MISSES("delete_misses", "deletes of missing keys"),
    DELETE_HITS("delete_hits", "deletes that removed an item"),
    INCR_MISSES("incr_misses", "incr of missing keys"),
    INCR_HITS("incr_hits", "incr that changed an item"),
    DECR_MISSES("decr_misses", "decr of missing keys"),
    DECR_HITS("decr_hits", "decr that changed an item"),
    CAS_MISSES("cas_misses", "cas on missing keys"),
    CAS_HITS("cas_hits", "cas that stored"),
    CAS_BADVAL("cas_badval", "cas refused for a changed item"),
    TOUCH_HITS("touch_hits", "touches of present keys"),
    TOUCH_MISSES("touch_misses", "touches of missing keys"),
    STORE_TOO_LARGE("store_too_large", "writes refused as too large"),
    STORE_NO_MEMORY("store_no_memory", "writes refused for lack of memory"),
    BYTES_READ("bytes_read", "bytes received from clients"),
    BYTES_WRITTEN("bytes_written", "bytes sent to clients");

    final String statName;
    final String help;

    Stat(String statName, String help) {
      this.statName = statName;
      this.help = help;
    }
  }

  /** Command families timed apart. */
  enum Family {
    GET,
    SET,
    DELETE,
    ARITHMETIC,
    TOUCH,
    META,
    OTHER
  }

  private final Map<Stat, Counter> counters = new EnumMap<>(Stat.class);
  private final Map<Stat, Long> baseline = new EnumMap<>(Stat.class);
  private final Map<Family, Histogram> latencies = new EnumMap<>(Family.class);

  public CacheMetrics(MetricRegistry registry) {
    for (Stat stat : Stat.values()) {
      counters.put(
          stat,
          registry.counter("tierkit_cache_" + stat.statName + "_total", "memcached " + stat.help));
      baseline.put(stat, 0L);
    }
    for (Family family : Family.values()) {
      latencies.put(
          family,
          registry.latencyHistogram(
              "tierkit_cache_command_duration_seconds",
              "Time to execute a memcached command, store included.",
              "command",
              family.name().toLowerCase(Locale.ROOT)));
    }
  }

  /** Records one command of {@code family} that started at {@code startNanos}. */
  void recordLatency(Family family, long startNanos) {
    latencies.get(family).recordNanosSince(startNanos);
  }

  void increment(Stat stat) {
    counters.get(stat).increment();
  }

  void add(Stat stat, long amount) {
    counters.get(stat).add(amount);
  }

  /** The value since the last {@code stats reset}. */
  long value(Stat stat) {
    synchronized (baseline) {
      return counters.get(stat).value() - baseline.get(stat);
    }
  }

  /** {@code stats reset}. */
  void reset() {
    synchronized (baseline) {
      for (Stat stat : Stat.values()) {
        baseline.put(stat, counters.get(stat).value());
      }
    }
  }
}
