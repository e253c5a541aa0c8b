package dev.tierkit.cache.protocol;

import dev.tierkit.cache.protocol.CacheMetrics.Stat;
import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.CacheStore;
import dev.tierkit.cache.store.Cursor;
import dev.tierkit.cache.store.ValueSource;
import dev.tierkit.cache.store.WriteStatus;
import io.netty.buffer.ByteBuf;

/** {@code mg} and {@code me}; see {@link MetaOperations} for the reply rules. */
final class MetaGet {
  private static final byte[] EMPTY = new byte[0];

  private final CacheStore store;
  private final CacheClock clock;
  private final CacheMetrics metrics;
  private final TextOperations text;

  MetaGet(CacheStore store, CacheClock clock, CacheMetrics metrics, TextOperations text) {
    this.store = store;
    this.clock = clock;
    this.metrics = metrics;
    this.text = text;
  }

  void get(MetaCommand command, ByteBuf out) {
    MetaFlags flags = command.flags();
    long now = clock.nowSeconds();
    metrics.increment(Stat.CMD_GET);
    boolean hit =
        store.apply(
            command.key(),
            cursor -> {
              boolean vivified = false;
              if (!cursor.exists()) {
                text.countDead(cursor);
                if (!flags.has('N')) {
                  if (!flags.has('q')) {
                    Ascii.writeAscii(out, "EN");
                    MetaReplies.keyAndOpaque(command, out);
                    out.writeBytes(Ascii.CRLF);
                  }
                  return false;
                }
                long ttl = Expiry.toAbsolute(flags.number('N', 0), now);
                if (cursor.write(0, ttl, ValueSource.of(EMPTY), flags.number('E', 0))
                    != WriteStatus.STORED) {
                  out.writeBytes(Replies.NO_MEMORY);
                  return false;
                }
                cursor.setWinTokenIssued(true);
                vivified = true;
              }
              if (flags.has('T')) {
                cursor.touch(Expiry.toAbsolute(flags.number('T', 0), now));
              }
              writeHit(command, cursor, vivified, now, out);
              return !vivified;
            });
    metrics.increment(hit ? Stat.GET_HITS : Stat.GET_MISSES);
    if (flags.has('T')) {
      metrics.increment(Stat.CMD_TOUCH);
      metrics.increment(hit ? Stat.TOUCH_HITS : Stat.TOUCH_MISSES);
    }
  }

  private void writeHit(
      MetaCommand command, Cursor cursor, boolean vivified, long now, ByteBuf out) {
    MetaFlags flags = command.flags();
    long ttl = Expiry.remaining(cursor.expiresAt(), now);
    boolean tokenOut = !vivified && cursor.winTokenIssued();
    boolean stale = cursor.stale();
    boolean won = vivified;
    if (!vivified && !tokenOut) {
      long recache = flags.number('R', -1);
      won = stale || (recache >= 0 && ttl != -1 && ttl < recache);
      if (won) {
        cursor.setWinTokenIssued(true);
      }
    }
    boolean hitBefore = cursor.fetched();
    long idle = Math.max(0, now - cursor.lastAccessed());
    if (!flags.has('u')) {
      cursor.recordAccess();
    }
    boolean withValue = flags.has('v');
    int length = cursor.valueLength();
    if (withValue) {
      out.writeByte('V').writeByte('A').writeByte(' ');
      Ascii.writeUnsigned(out, length);
    } else {
      out.writeByte('H').writeByte('D');
    }
    for (int i = 0; i < flags.size(); i++) {
      switch (flags.letter(i)) {
        case 'c' -> MetaReplies.number(out, 'c', cursor.cas());
        case 'f' -> MetaReplies.number(out, 'f', Integer.toUnsignedLong(cursor.flags()));
        case 'h' -> MetaReplies.number(out, 'h', hitBefore ? 1 : 0);
        case 'l' -> MetaReplies.number(out, 'l', idle);
        case 's' -> MetaReplies.number(out, 's', length);
        case 't' -> MetaReplies.signed(out, 't', ttl);
        case 'k' -> MetaReplies.key(command, out);
        case 'O' -> MetaReplies.opaque(command, out);
        default -> {}
      }
    }
    if (tokenOut) {
      out.writeByte(' ').writeByte('Z');
    }
    if (stale) {
      out.writeByte(' ').writeByte('X');
    }
    if (won) {
      out.writeByte(' ').writeByte('W');
    }
    out.writeBytes(Ascii.CRLF);
    if (withValue) {
      out.writeBytes(cursor.valueArray(), cursor.valueOffset(), length);
      out.writeBytes(Ascii.CRLF);
    }
  }

  void debug(MetaCommand command, ByteBuf out) {
    long now = clock.nowSeconds();
    store.apply(
        command.key(),
        cursor -> {
          if (!cursor.exists()) {
            out.writeBytes(Replies.EN);
            return null;
          }
          Ascii.writeAscii(out, "ME ");
          out.writeBytes(command.wireKey());
          Ascii.writeAscii(out, " exp=");
          Ascii.writeLong(out, Expiry.remaining(cursor.expiresAt(), now));
          Ascii.writeAscii(out, " la=");
          Ascii.writeLong(out, Math.max(0, now - cursor.lastAccessed()));
          Ascii.writeAscii(out, " cas=");
          Ascii.writeUnsigned(out, cursor.cas());
          Ascii.writeAscii(out, cursor.fetched() ? " fetch=yes" : " fetch=no");
          Ascii.writeAscii(out, " size=");
          Ascii.writeUnsigned(out, command.key().length + cursor.valueLength());
          out.writeBytes(Ascii.CRLF);
          return null;
        });
  }
}
