package dev.tierkit.dns.server;

import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.runtime.DaemonRuntime;
import dev.tierkit.common.runtime.Listener;
import dev.tierkit.dns.DnsConfig;
import dev.tierkit.dns.zone.ZoneSet;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Binds DNS on one port for both transports: TCP first (so port 0 picks a port free for TCP), then
 * the UDP sockets on the same port.
 */
public final class DnsListeners {
  /** The name of the listeners (tests look the port up by it). */
  public static final String NAME = "dns";

  private DnsListeners() {}

  /** Binds TCP and UDP, returning every listener bound, TCP first. */
  public static List<Listener> bind(
      DaemonRuntime runtime, DnsConfig config, Supplier<ZoneSet> zones, MetricRegistry registry) {
    DnsMetrics metrics = new DnsMetrics(registry);
    RateLimiter limiter =
        config.rateLimit() == null
            ? null
            : new RateLimiter(config.rateLimit(), () -> System.currentTimeMillis() / 1000);
    QueryProcessor processor =
        new QueryProcessor(
            zones,
            metrics,
            limiter,
            config.maxUdpPayload(),
            config.nsidBytes(),
            config.allowTransfer());
    List<Listener> listeners = new ArrayList<>();
    Listener tcp =
        runtime.bindTcp(
            NAME,
            config.address(),
            new TcpInitializer(processor, metrics, config.tcpIdleTimeout()));
    listeners.add(tcp);
    InetSocketAddress udpAddress = new InetSocketAddress(config.address().getAddress(), tcp.port());
    listeners.addAll(
        runtime.bindUdp(
            NAME, udpAddress, new UdpQueryHandler(processor, metrics), config.udpSockets()));
    return List.copyOf(listeners);
  }
}
