package dev.tierkit.cache.protocol;

import dev.tierkit.cache.store.CacheStore;
import dev.tierkit.cache.store.CaffeineStore;
import dev.tierkit.cache.store.EvictionPolicy;
import dev.tierkit.cache.store.ManualClock;
import dev.tierkit.cache.store.StoreConfig;
import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.transport.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.InetSocketAddress;

/** The protocol pipeline on a real socket, 127.0.0.1 and a free port, for real clients. */
final class LoopbackServer implements AutoCloseable {
  final ManualClock clock = new ManualClock();
  final CacheStore store =
      new CaffeineStore(StoreConfig.ofMemory(64 << 20).withEviction(EvictionPolicy.TINYLFU), clock);
  private final EventLoopGroup group;
  private final Channel channel;

  LoopbackServer(Transport transport) throws InterruptedException {
    group = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
    MemcacheInitializer initializer =
        new MemcacheInitializer(
            store,
            ProtocolConfig.defaults(),
            new FixedServerInfo(),
            new CacheMetrics(new MetricRegistry()),
            clock);
    channel =
        new ServerBootstrap()
            .group(group)
            .channel(transport.serverChannelClass())
            .childHandler(initializer)
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    store.close();
  }
}
