package dev.tierkit.cache.protocol;

import dev.tierkit.cache.protocol.CacheMetrics.Stat;
import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.CacheStore;
import dev.tierkit.cache.store.StoreConfig;
import dev.tierkit.cache.store.StoreStats;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code stats} family: general stats, {@code settings}, {@code items}, {@code slabs}, {@code
 * sizes}, {@code reset} and {@code detail}, under memcached 1.6's names. Only figures this server
 * really has are reported (no libevent, hash table or LRU-crawler lines); any other argument gets
 * {@code ERROR}, as memcached answers an unknown one.
 */
final class StatsReport {
  private final CacheStore store;
  private final ServerInfo info;
  private final CacheMetrics metrics;
  private final CacheClock clock;

  StatsReport(CacheStore store, ServerInfo info, CacheMetrics metrics, CacheClock clock) {
    this.store = store;
    this.info = info;
    this.metrics = metrics;
    this.clock = clock;
  }

  void write(List<String> args, int verbosity, ByteBuf out) {
    if (args.isEmpty()) {
      general(out);
      return;
    }
    String first = args.get(0);
    if (args.size() == 1) {
      switch (first) {
        case "settings" -> settings(verbosity, out);
        case "items" -> items(out);
        case "slabs" -> slabs(out);
        case "sizes" -> stat(out, "sizes_status", "disabled");
        case "reset" -> {
          metrics.reset();
          out.writeBytes(Replies.RESET);
          return;
        }
        case "detail" -> {
          Ascii.writeLine(out, "CLIENT_ERROR usage: stats detail on|off|dump");
          return;
        }
        default -> {
          out.writeBytes(Replies.ERROR);
          return;
        }
      }
      out.writeBytes(Replies.END);
      return;
    }
    if (first.equals("detail") && args.size() == 2) {
      // Per-prefix detail is not collected: on/off are accepted, a dump is empty.
      switch (args.get(1)) {
        case "on", "off" -> out.writeBytes(Replies.OK);
        case "dump" -> out.writeBytes(Replies.END);
        default -> Ascii.writeLine(out, "CLIENT_ERROR usage: stats detail on|off|dump");
      }
      return;
    }
    out.writeBytes(Replies.ERROR);
  }

  private void general(ByteBuf out) {
    long now = clock.nowSeconds();
    StoreStats s = store.stats();
    stat(out, "pid", info.pid());
    stat(out, "uptime", Math.max(0, now - info.startedAtSeconds()));
    stat(out, "time", now);
    stat(out, "version", info.version());
    stat(out, "pointer_size", 64);
    stat(out, "rusage_user", String.format(Locale.ROOT, "%.6f", info.cpuUserSeconds()));
    stat(out, "rusage_system", String.format(Locale.ROOT, "%.6f", info.cpuSystemSeconds()));
    stat(out, "max_connections", info.maxConnections());
    stat(out, "curr_connections", info.currentConnections());
    stat(out, "total_connections", info.totalConnections());
    stat(out, "rejected_connections", info.rejectedConnections());
    for (Stat counted : Stat.values()) {
      if (counted == Stat.BYTES_READ) {
        stat(out, "auth_cmds", 0);
        stat(out, "auth_errors", 0);
      }
      stat(out, counted.statName, metrics.value(counted));
    }
    stat(out, "limit_maxbytes", s.limitMaxBytes());
    stat(out, "threads", info.threads());
    stat(out, "conn_yields", 0);
    stat(out, "bytes", s.bytes());
    stat(out, "curr_items", s.currItems());
    stat(out, "total_items", s.totalItems());
    stat(out, "expired_unfetched", s.expiredUnfetched());
    stat(out, "evicted_unfetched", s.evictedUnfetched());
    stat(out, "evictions", s.evictions());
    stat(out, "reclaimed", s.reclaimed());
    out.writeBytes(Replies.END);
  }

  private void settings(int verbosity, ByteBuf out) {
    StoreConfig config = store.config();
    stat(out, "maxbytes", config.memoryBytes());
    stat(out, "maxconns", info.maxConnections());
    for (Map.Entry<String, String> setting : info.settings().entrySet()) {
      stat(out, setting.getKey(), setting.getValue());
    }
    stat(out, "verbosity", verbosity);
    stat(out, "evictions", config.evictionEnabled() ? "on" : "off");
    stat(out, "num_threads", info.threads());
    stat(out, "cas_enabled", "yes");
    stat(out, "binding_protocol", "ascii");
    stat(out, "item_size_max", config.maxItemSize());
    stat(out, "flush_enabled", "yes");
    stat(out, "eviction_policy", config.eviction().name().toLowerCase(Locale.ROOT));
  }

  private void items(ByteBuf out) {
    for (StoreStats.SizeClassStats c : store.stats().classes()) {
      if (c.items() == 0) {
        continue;
      }
      String prefix = "items:" + c.id() + ":";
      stat(out, prefix + "number", c.items());
      stat(out, prefix + "age", c.oldestAgeSeconds());
      stat(out, prefix + "mem_requested", c.bytesRequested());
      stat(out, prefix + "evicted", c.evicted());
      stat(out, prefix + "outofmemory", c.outOfMemory());
    }
  }

  private void slabs(ByteBuf out) {
    StoreStats s = store.stats();
    int active = 0;
    for (StoreStats.SizeClassStats c : s.classes()) {
      if (c.pages() == 0) {
        continue;
      }
      active++;
      String prefix = c.id() + ":";
      stat(out, prefix + "chunk_size", c.chunkSize());
      stat(out, prefix + "chunks_per_page", c.chunksPerPage());
      stat(out, prefix + "total_pages", c.pages());
      stat(out, prefix + "total_chunks", c.pages() * c.chunksPerPage());
      stat(out, prefix + "used_chunks", c.usedChunks());
      stat(out, prefix + "free_chunks", c.freeChunks());
    }
    stat(out, "active_slabs", active);
    stat(out, "total_malloced", s.memoryReserved());
  }

  private static void stat(ByteBuf out, String name, long value) {
    Ascii.writeAscii(out, "STAT ");
    Ascii.writeAscii(out, name);
    out.writeByte(' ');
    Ascii.writeLong(out, value);
    out.writeBytes(Ascii.CRLF);
  }

  private static void stat(ByteBuf out, String name, String value) {
    Ascii.writeAscii(out, "STAT ");
    Ascii.writeAscii(out, name);
    out.writeByte(' ');
    Ascii.writeLine(out, value);
  }
}
