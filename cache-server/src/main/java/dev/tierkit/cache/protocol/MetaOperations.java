package dev.tierkit.cache.protocol;

import dev.tierkit.cache.protocol.CacheMetrics.Stat;
import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.CacheStore;
import dev.tierkit.cache.store.Cursor;
import dev.tierkit.cache.store.ValueSource;
import dev.tierkit.cache.store.WriteStatus;
import io.netty.buffer.ByteBuf;

/**
 * The meta commands on the store, following protocol.txt and memcached 1.6.18's replies.
 *
 * <p>Return flags are written in the order the client sent its flags; {@code W} (this client won
 * the right to recache), {@code X} (stale) and {@code Z} (a win token is already out) follow them,
 * in memcached's order Z, X, W. Quiet mode ({@code q}) drops the nominal reply as memcached 1.6.18
 * does: {@code EN} for mg (hits are still sent), {@code HD} for ms and md ({@code NF} and {@code
 * EX} are still sent), and for ma the whole success reply, {@code VA} included, unless the item was
 * just created by {@code N}. Errors are always sent; {@code mn} marks the end of a quiet batch.
 *
 * <p>{@code me} answers in memcached's {@code key=value} shape with the fields a {@link Cursor} has
 * ({@code exp la cas fetch}) and {@code size} as key plus value bytes; memcached's {@code cls}
 * (slab class) is left out rather than made up.
 */
final class MetaOperations {
  private static final byte[] EMPTY = new byte[0];

  private final CacheStore store;
  private final CacheClock clock;
  private final CacheMetrics metrics;
  private final TextOperations text;

  MetaOperations(CacheStore store, CacheClock clock, CacheMetrics metrics, TextOperations text) {
    this.store = store;
    this.clock = clock;
    this.metrics = metrics;
    this.text = text;
  }

  void execute(MetaCommand command, ByteBuf out) {
    switch (command.type()) {
      case GET -> get(command, out);
      case SET -> set(command, out);
      case DELETE -> delete(command, out);
      case ARITHMETIC -> arithmetic(command, out);
      case DEBUG -> debug(command, out);
    }
  }

  private void get(MetaCommand command, ByteBuf out) {
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
                    out.writeBytes("EN".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    keyAndOpaque(command, out);
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
        case 'c' -> number(out, 'c', cursor.cas());
        case 'f' -> number(out, 'f', Integer.toUnsignedLong(cursor.flags()));
        case 'h' -> number(out, 'h', hitBefore ? 1 : 0);
        case 'l' -> number(out, 'l', idle);
        case 's' -> number(out, 's', length);
        case 't' -> signed(out, 't', ttl);
        case 'k' -> key(command, out);
        case 'O' -> opaque(command, out);
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

  private void set(MetaCommand command, ByteBuf out) {
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
    reply(command, code, cas[0], -1, flags.has('q'), out);
  }

  private void delete(MetaCommand command, ByteBuf out) {
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
    reply(command, code, 0, -1, flags.has('q'), out);
  }

  private void arithmetic(MetaCommand command, ByteBuf out) {
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
      reply(command, code, casAndTtl[0], casAndTtl[1], false, out);
      return;
    }
    byte[] digits = Ascii.unsignedBytes(result[0]);
    out.writeByte('V').writeByte('A').writeByte(' ');
    Ascii.writeUnsigned(out, digits.length);
    returnFlags(command, casAndTtl[0], casAndTtl[1], out);
    out.writeBytes(Ascii.CRLF);
    out.writeBytes(digits);
    out.writeBytes(Ascii.CRLF);
  }

  private void debug(MetaCommand command, ByteBuf out) {
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

  /**
   * Writes a two-letter code with its return flags (CAS and TTL only on success), or an error line
   * as is; HD is dropped in quiet mode.
   */
  private void reply(
      MetaCommand command, String code, long cas, long ttl, boolean quiet, ByteBuf out) {
    if (code.length() > 2) {
      Ascii.writeLine(out, code);
      return;
    }
    if (code.equals("HD") && quiet) {
      return;
    }
    Ascii.writeAscii(out, code);
    if (code.equals("HD")) {
      returnFlags(command, cas, ttl, out);
    } else {
      keyAndOpaque(command, out);
    }
    out.writeBytes(Ascii.CRLF);
  }

  private void returnFlags(MetaCommand command, long cas, long ttl, ByteBuf out) {
    MetaFlags flags = command.flags();
    boolean arithmetic = command.type() == MetaCommand.Type.ARITHMETIC;
    boolean withCas = command.type() != MetaCommand.Type.DELETE;
    for (int i = 0; i < flags.size(); i++) {
      switch (flags.letter(i)) {
        case 'c' -> {
          if (withCas) {
            number(out, 'c', cas);
          }
        }
        case 't' -> {
          if (arithmetic) {
            signed(out, 't', ttl);
          }
        }
        case 'k' -> key(command, out);
        case 'O' -> opaque(command, out);
        default -> {}
      }
    }
  }

  private static void keyAndOpaque(MetaCommand command, ByteBuf out) {
    MetaFlags flags = command.flags();
    for (int i = 0; i < flags.size(); i++) {
      if (flags.letter(i) == 'k') {
        key(command, out);
      } else if (flags.letter(i) == 'O') {
        opaque(command, out);
      }
    }
  }

  private static void key(MetaCommand command, ByteBuf out) {
    out.writeByte(' ').writeByte('k');
    out.writeBytes(command.wireKey());
    if (command.flags().has('b')) {
      out.writeByte(' ').writeByte('b');
    }
  }

  private static void opaque(MetaCommand command, ByteBuf out) {
    out.writeByte(' ').writeByte('O');
    Ascii.writeAscii(out, command.flags().opaque());
  }

  private static void number(ByteBuf out, char flag, long value) {
    out.writeByte(' ').writeByte(flag);
    Ascii.writeUnsigned(out, value);
  }

  private static void signed(ByteBuf out, char flag, long value) {
    out.writeByte(' ').writeByte(flag);
    Ascii.writeLong(out, value);
  }
}
