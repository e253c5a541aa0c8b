package dev.tierkit.dns;

import dev.tierkit.common.net.AddressList;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything dns-geo is started with, validated here once.
 *
 * @param address where UDP and TCP listen (the same port for both, RFC 7766)
 * @param zones the zones to serve, at least one
 * @param geoFile the geo YAML (data centers, maps, resources), or null for a plain authoritative
 *     server
 * @param maxUdpPayload the largest UDP response we send and advertise in OPT (default {@value
 *     #DEFAULT_MAX_UDP_PAYLOAD}, the DNS flag day 2020 figure); a client's smaller EDNS size is
 *     honoured, and 512 applies without EDNS
 * @param nsid the NSID (RFC 5001) we answer with when asked, as UTF-8 text, or null to send none
 * @param tcpIdleTimeout how long a TCP connection may sit without a query before we close it (RFC
 *     7766 section 6.2.3; Knot's default, 10 s)
 * @param udpSockets how many UDP sockets share the port (SO_REUSEPORT on epoll/io_uring), one per
 *     event loop by default; nio always uses one
 * @param rateLimit response rate limiting, or null for off (the default)
 * @param allowTransfer the networks that may AXFR/IXFR the zones over TCP; empty (the default)
 *     refuses every transfer
 */
public record DnsConfig(
    InetSocketAddress address,
    List<ZoneSource> zones,
    Path geoFile,
    int maxUdpPayload,
    String nsid,
    Duration tcpIdleTimeout,
    int udpSockets,
    RateLimitConfig rateLimit,
    AddressList allowTransfer) {
  public static final int DEFAULT_MAX_UDP_PAYLOAD = 1232;

  public DnsConfig {
    Objects.requireNonNull(address, "address");
    zones = List.copyOf(zones);
    Objects.requireNonNull(allowTransfer, "allowTransfer");
    if (zones.isEmpty()) {
      throw new IllegalArgumentException("--zone: give at least one zone file");
    }
    if (maxUdpPayload < 512 || maxUdpPayload > 65535) {
      throw new IllegalArgumentException(
          "--max-udp-size must be between 512 and 65535, got " + maxUdpPayload);
    }
    if (nsid != null && (nsid.isEmpty() || nsid.getBytes(StandardCharsets.UTF_8).length > 128)) {
      throw new IllegalArgumentException("--nsid must be 1 to 128 bytes of UTF-8");
    }
    if (tcpIdleTimeout.isNegative() || tcpIdleTimeout.isZero()) {
      throw new IllegalArgumentException("--tcp-idle-timeout must be positive");
    }
    if (udpSockets < 1 || udpSockets > 256) {
      throw new IllegalArgumentException("--udp-sockets must be between 1 and 256");
    }
  }

  /** The NSID option's payload, or null when none is configured. */
  public byte[] nsidBytes() {
    return nsid == null ? null : nsid.getBytes(StandardCharsets.UTF_8);
  }
}
