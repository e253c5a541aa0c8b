package dev.tierkit.cache.protocol;

import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.CacheStore;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import java.util.Objects;

/**
 * Assembles a memcached connection's pipeline: byte counting, {@link MemcacheDecoder} (with the
 * limits of {@link ProtocolConfig}), then {@link MemcacheHandler} running a {@link CommandExecutor}
 * shared by all connections of the listener.
 */
public final class MemcacheInitializer extends ChannelInitializer<Channel> {
  private final ProtocolConfig config;
  private final CommandExecutor executor;
  private final TrafficCounter traffic;

  public MemcacheInitializer(
      CacheStore store,
      ProtocolConfig config,
      ServerInfo info,
      CacheMetrics metrics,
      CacheClock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.executor = new CommandExecutor(store, info, metrics, clock);
    this.traffic = new TrafficCounter(metrics);
  }

  @Override
  protected void initChannel(Channel channel) {
    channel
        .pipeline()
        .addLast("traffic", traffic)
        .addLast("decoder", new MemcacheDecoder(config))
        .addLast("handler", new MemcacheHandler(executor));
  }
}
