package dev.tierkit.cache.protocol;

import dev.tierkit.cache.protocol.CacheMetrics.Stat;
import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.CacheStore;
import dev.tierkit.cache.store.Cursor;
import dev.tierkit.cache.store.ValueSource;
import dev.tierkit.cache.store.WriteStatus;
import io.netty.buffer.ByteBuf;

/**
 * The classic text commands on the store, with memcached's outcomes: storage verbs, retrieval,
 * delete, incr/decr and touch. Hits are copied from store memory straight into {@code out} while
 * the key's lock is held.
 */
final class TextOperations {
  private final CacheStore store;
  private final CacheClock clock;
  private final CacheMetrics metrics;

  TextOperations(CacheStore store, CacheClock clock, CacheMetrics metrics) {
    this.store = store;
    this.clock = clock;
    this.metrics = metrics;
  }

  void storage(StorageCommand command, ByteBuf out) {
    metrics.increment(Stat.CMD_SET);
    long expiresAt = Expiry.toAbsolute(command.exptime(), clock.nowSeconds());
    ValueSource value = new ByteBufValueSource(command.content());
    byte[] reply = store.apply(command.key(), cursor -> store(command, expiresAt, value, cursor));
    if (!command.noreply()) {
      out.writeBytes(reply);
    }
  }

  private byte[] store(StorageCommand command, long expiresAt, ValueSource value, Cursor cursor) {
    boolean exists = cursor.exists();
    switch (command.type()) {
      case ADD -> {
        if (exists) {
          return Replies.NOT_STORED;
        }
      }
      case REPLACE -> {
        if (!exists) {
          return Replies.NOT_STORED;
        }
      }
      case APPEND, PREPEND -> {
        if (!exists) {
          return Replies.NOT_STORED;
        }
        return reply(cursor.concat(value, command.type() == StorageCommand.Type.PREPEND, 0));
      }
      case CAS -> {
        if (!exists) {
          metrics.increment(Stat.CAS_MISSES);
          return Replies.NOT_FOUND;
        }
        if (cursor.cas() != command.cas()) {
          metrics.increment(Stat.CAS_BADVAL);
          return Replies.EXISTS;
        }
        metrics.increment(Stat.CAS_HITS);
      }
      case SET -> {}
    }
    WriteStatus status = cursor.write(command.flags(), expiresAt, value, 0);
    if (status != WriteStatus.STORED && command.type() == StorageCommand.Type.SET && exists) {
      // memcached unlinks the old item when a set fails, so no stale value outlives it.
      cursor.delete();
    }
    return reply(status);
  }

  private byte[] reply(WriteStatus status) {
    return switch (status) {
      case STORED -> Replies.STORED;
      case TOO_LARGE -> {
        metrics.increment(Stat.STORE_TOO_LARGE);
        yield Replies.TOO_LARGE;
      }
      case NO_MEMORY -> {
        metrics.increment(Stat.STORE_NO_MEMORY);
        yield Replies.NO_MEMORY;
      }
    };
  }

  void tooLarge(TooLargeCommand command, ByteBuf out) {
    metrics.increment(Stat.CMD_SET);
    metrics.increment(Stat.STORE_TOO_LARGE);
    if (command.type() == StorageCommand.Type.SET) {
      store.apply(command.key(), Cursor::delete);
    }
    if (!command.noreply()) {
      out.writeBytes(Replies.TOO_LARGE);
    }
  }

  void retrieval(RetrievalCommand command, ByteBuf out) {
    RetrievalCommand.Type type = command.type();
    long now = clock.nowSeconds();
    long expiresAt = type.touches() ? Expiry.toAbsolute(command.exptime(), now) : 0;
    for (byte[] key : command.keys()) {
      metrics.increment(Stat.CMD_GET);
      boolean hit =
          store.apply(
              key,
              cursor -> {
                if (!cursor.exists()) {
                  countDead(cursor);
                  return false;
                }
                if (type.touches()) {
                  cursor.touch(expiresAt);
                }
                cursor.recordAccess();
                writeValue(out, key, cursor, type.withCas());
                return true;
              });
      if (type.touches()) {
        metrics.increment(Stat.CMD_TOUCH);
        metrics.increment(hit ? Stat.TOUCH_HITS : Stat.TOUCH_MISSES);
      } else {
        metrics.increment(hit ? Stat.GET_HITS : Stat.GET_MISSES);
      }
    }
    out.writeBytes(Replies.END);
  }

  void countDead(Cursor cursor) {
    if (cursor.foundExpired()) {
      metrics.increment(Stat.GET_EXPIRED);
    } else if (cursor.foundFlushed()) {
      metrics.increment(Stat.GET_FLUSHED);
    }
  }

  private static void writeValue(ByteBuf out, byte[] key, Cursor cursor, boolean withCas) {
    int length = cursor.valueLength();
    out.ensureWritable(key.length + length + 64);
    out.writeBytes(Replies.VALUE);
    out.writeBytes(key);
    out.writeByte(' ');
    Ascii.writeUnsigned(out, Integer.toUnsignedLong(cursor.flags()));
    out.writeByte(' ');
    Ascii.writeUnsigned(out, length);
    if (withCas) {
      out.writeByte(' ');
      Ascii.writeUnsigned(out, cursor.cas());
    }
    out.writeBytes(Ascii.CRLF);
    out.writeBytes(cursor.valueArray(), cursor.valueOffset(), length);
    out.writeBytes(Ascii.CRLF);
  }

  void delete(DeleteCommand command, ByteBuf out) {
    boolean deleted = store.apply(command.key(), Cursor::delete);
    metrics.increment(deleted ? Stat.DELETE_HITS : Stat.DELETE_MISSES);
    if (!command.noreply()) {
      out.writeBytes(deleted ? Replies.DELETED : Replies.NOT_FOUND);
    }
  }

  void arithmetic(ArithmeticCommand command, ByteBuf out) {
    long[] result = new long[1];
    NumericValue.Outcome outcome =
        store.apply(
            command.key(),
            cursor ->
                cursor.exists()
                    ? NumericValue.apply(cursor, command.increment(), command.delta(), 0, result)
                    : null);
    boolean incr = command.increment();
    if (outcome == null) {
      metrics.increment(incr ? Stat.INCR_MISSES : Stat.DECR_MISSES);
    } else if (outcome == NumericValue.Outcome.DONE) {
      metrics.increment(incr ? Stat.INCR_HITS : Stat.DECR_HITS);
    }
    if (command.noreply()) {
      return;
    }
    if (outcome == null) {
      out.writeBytes(Replies.NOT_FOUND);
    } else {
      switch (outcome) {
        case DONE -> {
          Ascii.writeUnsigned(out, result[0]);
          out.writeBytes(Ascii.CRLF);
        }
        case NON_NUMERIC -> out.writeBytes(Replies.NON_NUMERIC);
        case NO_MEMORY -> out.writeBytes(Replies.NO_MEMORY);
      }
    }
  }

  void touch(TouchCommand command, ByteBuf out) {
    long expiresAt = Expiry.toAbsolute(command.exptime(), clock.nowSeconds());
    boolean touched =
        store.apply(
            command.key(),
            cursor -> {
              if (!cursor.exists()) {
                return false;
              }
              cursor.touch(expiresAt);
              return true;
            });
    metrics.increment(Stat.CMD_TOUCH);
    metrics.increment(touched ? Stat.TOUCH_HITS : Stat.TOUCH_MISSES);
    if (!command.noreply()) {
      out.writeBytes(touched ? Replies.TOUCHED : Replies.NOT_FOUND);
    }
  }
}
