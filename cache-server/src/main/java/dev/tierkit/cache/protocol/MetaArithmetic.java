package dev.tierkit.cache.protocol;

import dev.tierkit.cache.protocol.CacheMetrics.Stat;
import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.CacheStore;
import dev.tierkit.cache.store.ValueSource;
import dev.tierkit.cache.store.WriteStatus;
import io.netty.buffer.ByteBuf;

/** {@code ma}: incr/decr with auto-vivify, compare-and-swap and TTL update. */
final class MetaArithmetic {
  private final CacheStore store;
  private final CacheClock clock;
  private final CacheMetrics metrics;

  MetaArithmetic(CacheStore store, CacheClock clock, CacheMetrics metrics) {
    this.store = store;
    this.clock = clock;
    this.metrics = metrics;
  }

  void arithmetic(MetaCommand command, ByteBuf out) {
    MetaFlags flags = command.flags();
    long now = clock.nowSeconds();
    boolean incr = flags.mode() == 0 || "I+".indexOf(flags.mode()) >= 0;
    long[] result = new long[1];
    long[] casAndTtl = new long[2];
    boolean[] vivified = new boolean[1];
    String code =
        store.apply(
            command.key(),
            cursor -> {
              if (!cursor.exists()) {
                if (!flags.has('N')) {
                  metrics.increment(incr ? Stat.INCR_MISSES : Stat.DECR_MISSES);
                  return "NF";
                }
                long initial = flags.number('J', 0);
                long expiresAt = Expiry.toAbsolute(flags.number('N', 0), now);
                WriteStatus status =
                    cursor.write(
                        0,
                        expiresAt,
                        ValueSource.of(Ascii.unsignedBytes(initial)),
                        flags.number('E', 0));
                if (status != WriteStatus.STORED) {
                  return "SERVER_ERROR out of memory";
                }
                result[0] = initial;
                vivified[0] = true;
              } else {
                if (flags.has('C') && flags.number('C', 0) != cursor.cas()) {
                  return "EX";
                }
                NumericValue.Outcome outcome =
                    NumericValue.apply(
                        cursor, incr, flags.number('D', 1), flags.number('E', 0), result);
                if (outcome == NumericValue.Outcome.NON_NUMERIC) {
                  return "CLIENT_ERROR cannot increment or decrement non-numeric value";
                }
                if (outcome == NumericValue.Outcome.NO_MEMORY) {
                  return "SERVER_ERROR out of memory";
                }
                metrics.increment(incr ? Stat.INCR_HITS : Stat.DECR_HITS);
              }
              if (flags.has('T')) {
                cursor.touch(Expiry.toAbsolute(flags.number('T', 0), now));
              }
              casAndTtl[0] = cursor.cas();
              casAndTtl[1] = Expiry.remaining(cursor.expiresAt(), now);
              return flags.has('v') ? "VA" : "HD";
            });
    boolean success = code.equals("VA") || code.equals("HD");
    if (success && flags.has('q') && !vivified[0]) {
      // memcached 1.6.18 drops the whole success reply of a quiet ma, value included, but still
      // answers one that created the item.
      return;
    }
    if (!code.equals("VA")) {
      MetaReplies.reply(command, code, casAndTtl[0], casAndTtl[1], false, out);
      return;
    }
    byte[] digits = Ascii.unsignedBytes(result[0]);
    out.writeByte('V').writeByte('A').writeByte(' ');
    Ascii.writeUnsigned(out, digits.length);
    MetaReplies.returnFlags(command, casAndTtl[0], casAndTtl[1], out);
    out.writeBytes(Ascii.CRLF);
    out.writeBytes(digits);
    out.writeBytes(Ascii.CRLF);
  }
}
