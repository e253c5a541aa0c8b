package dev.tierkit.cache.protocol;

import dev.tierkit.cache.store.CacheStore;
import dev.tierkit.cache.store.EvictionPolicy;
import dev.tierkit.cache.store.ManualClock;
import dev.tierkit.cache.store.StoreConfig;
import dev.tierkit.common.metrics.MetricRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * A client's view of one connection through the full {@link MemcacheInitializer} pipeline on a real
 * store, in an {@link EmbeddedChannel}: send text, read the reply bytes.
 */
final class MemcacheConnection implements AutoCloseable {
  static final long START = ManualClock.START;

  final ManualClock clock = new ManualClock();
  final MetricRegistry registry = new MetricRegistry();
  final CacheMetrics metrics = new CacheMetrics(registry);
  final CacheStore store;
  final EmbeddedChannel channel;
  int flushes;

  MemcacheConnection() {
    this(EvictionPolicy.TINYLFU);
  }

  /**
   * A connection to a 64 MiB store of {@code policy}'s kind (slabs for lru, Caffeine for tinylfu).
   */
  MemcacheConnection(EvictionPolicy policy) {
    this(policy, ProtocolConfig.defaults(), UnaryOperator.identity());
  }

  MemcacheConnection(ProtocolConfig config) {
    this(EvictionPolicy.TINYLFU, config, UnaryOperator.identity());
  }

  /** A connection to the store that {@code wrap} makes of the usual one. */
  MemcacheConnection(EvictionPolicy policy, ProtocolConfig config, UnaryOperator<CacheStore> wrap) {
    store =
        wrap.apply(CacheStore.create(StoreConfig.ofMemory(64 << 20).withEviction(policy), clock));
    channel =
        new EmbeddedChannel(
            new MemcacheInitializer(store, config, new FixedServerInfo(), metrics, clock));
    channel
        .pipeline()
        .addFirst(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void flush(ChannelHandlerContext ctx) {
                flushes++;
                ctx.flush();
              }
            });
  }

  /** Sends {@code request} in one buffer and returns every reply byte written since. */
  String send(String request) {
    return send(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  String send(byte[] request) {
    channel.writeInbound(Unpooled.wrappedBuffer(request));
    return replies();
  }

  String replies() {
    StringBuilder reply = new StringBuilder();
    ByteBuf out;
    while ((out = channel.readOutbound()) != null) {
      reply.append(out.toString(StandardCharsets.ISO_8859_1));
      out.release();
    }
    return reply.toString();
  }

  @Override
  public void close() {
    channel.finishAndReleaseAll();
    store.close();
  }
}
