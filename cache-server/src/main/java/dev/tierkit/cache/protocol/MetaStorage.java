package dev.tierkit.cache.protocol;

import dev.tierkit.cache.protocol.CacheMetrics.Stat;
import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.CacheStore;
import dev.tierkit.cache.store.ValueSource;
import dev.tierkit.cache.store.WriteStatus;
import io.netty.buffer.ByteBuf;

/** {@code ms} (modes, compare-and-swap, invalidation) and {@code md} (delete, invalidate, x). */
final class MetaStorage {
  private static final byte[] EMPTY = new byte[0];

  private final CacheStore store;
  private final CacheClock clock;
  private final CacheMetrics metrics;

  MetaStorage(CacheStore store, CacheClock clock, CacheMetrics metrics) {
    this.store = store;
    this.clock = clock;
    this.metrics = metrics;
  }

  void set(MetaCommand command, ByteBuf out) {
    metrics.increment(Stat.CMD_SET);
    MetaFlags flags = command.flags();
    long now = clock.nowSeconds();
    ValueSource value = new ByteBufValueSource(command.content());
    long[] cas = new long[1];
    String code =
        store.apply(
            command.key(),
            cursor -> {
              boolean exists = cursor.exists();
              boolean invalidate = false;
              if (flags.has('C')) {
                long compare = flags.number('C', 0);
                if (!exists) {
                  metrics.increment(Stat.CAS_MISSES);
                  return "NF";
                }
                if (compare != cursor.cas()) {
                  if (!flags.has('I') || Long.compareUnsigned(compare, cursor.cas()) > 0) {
                    metrics.increment(Stat.CAS_BADVAL);
                    return "EX";
                  }
                  invalidate = true;
                } else {
                  metrics.increment(Stat.CAS_HITS);
                }
              }
              int itemFlags = (int) flags.number('F', 0);
              long expiresAt = Expiry.toAbsolute(flags.number('T', 0), now);
              long explicitCas = flags.number('E', 0);
              WriteStatus status;
              switch (flags.mode() == 0 ? 'S' : (char) flags.mode()) {
                case 'E' -> {
                  if (exists) {
                    return "NS";
                  }
                  status = cursor.write(itemFlags, expiresAt, value, explicitCas);
                }
                case 'A', 'P' -> {
                  if (!exists) {
                    if (!flags.has('N')) {
                      return "NS";
                    }
                    long vivify = Expiry.toAbsolute(flags.number('N', 0), now);
                    status = cursor.write(itemFlags, vivify, value, explicitCas);
                  } else {
                    status = cursor.concat(value, flags.mode() == 'P', explicitCas);
                  }
                }
                case 'R' -> {
                  if (!exists) {
                    return "NS";
                  }
                  status = cursor.write(itemFlags, expiresAt, value, explicitCas);
                }
                default -> status = cursor.write(itemFlags, expiresAt, value, explicitCas);
              }
              if (status == WriteStatus.TOO_LARGE) {
                metrics.increment(Stat.STORE_TOO_LARGE);
                return "SERVER_ERROR object too large for cache";
              }
              if (status == WriteStatus.NO_MEMORY) {
                metrics.increment(Stat.STORE_NO_MEMORY);
                return "SERVER_ERROR out of memory storing object";
              }
              if (invalidate) {
                cursor.markStale();
              }
              cas[0] = cursor.cas();
              return "HD";
            });
    MetaReplies.reply(command, code, cas[0], -1, flags.has('q'), out);
  }

  void delete(MetaCommand command, ByteBuf out) {
    MetaFlags flags = command.flags();
    long now = clock.nowSeconds();
    String code =
        store.apply(
            command.key(),
            cursor -> {
              if (!cursor.exists()) {
                metrics.increment(Stat.DELETE_MISSES);
                return "NF";
              }
              if (flags.has('C') && flags.number('C', 0) != cursor.cas()) {
                return "EX";
              }
              metrics.increment(Stat.DELETE_HITS);
              if (flags.has('I')) {
                cursor.markStale();
                if (flags.has('T')) {
                  cursor.touch(Expiry.toAbsolute(flags.number('T', 0), now));
                }
                if (flags.has('E')) {
                  cursor.setCas(flags.number('E', 0));
                }
              } else if (flags.has('x')) {
                cursor.write(
                    cursor.flags(),
                    cursor.expiresAt(),
                    ValueSource.of(EMPTY),
                    flags.number('E', 0));
              } else {
                cursor.delete();
              }
              return "HD";
            });
    MetaReplies.reply(command, code, 0, -1, flags.has('q'), out);
  }
}
