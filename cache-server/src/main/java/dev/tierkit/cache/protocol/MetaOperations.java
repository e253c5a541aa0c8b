package dev.tierkit.cache.protocol;

import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.CacheStore;
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
  private final MetaGet get;
  private final MetaStorage storage;
  private final MetaArithmetic arithmetic;

  MetaOperations(CacheStore store, CacheClock clock, CacheMetrics metrics, TextOperations text) {
    this.get = new MetaGet(store, clock, metrics, text);
    this.storage = new MetaStorage(store, clock, metrics);
    this.arithmetic = new MetaArithmetic(store, clock, metrics);
  }

  void execute(MetaCommand command, ByteBuf out) {
    switch (command.type()) {
      case GET -> get.get(command, out);
      case SET -> storage.set(command, out);
      case DELETE -> storage.delete(command, out);
      case ARITHMETIC -> arithmetic.arithmetic(command, out);
      case DEBUG -> get.debug(command, out);
    }
  }
}
