package dev.tierkit.dns;

import dev.tierkit.common.cli.CommandLines;
import dev.tierkit.common.cli.CommonOptions;
import dev.tierkit.common.cli.DurationConverter;
import dev.tierkit.common.config.ConfigException;
import dev.tierkit.common.config.YamlConfigLoader;
import dev.tierkit.common.launch.DaemonLauncher;
import dev.tierkit.common.net.AddressList;
import dev.tierkit.common.runtime.RuntimeConfig;
import dev.tierkit.common.transport.TransportChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tierkit dns-geo}: an authoritative DNS server for RFC 1035 zone files whose geo names are
 * answered by where the client is (EDNS Client Subnet or source address), with weights and
 * health-checked failover between data centers.
 */
@Command(
    name = "dns-geo",
    mixinStandardHelpOptions = true,
    versionProvider = DnsVersion.class,
    defaultValueProvider = DnsDefaults.class,
    sortOptions = false,
    description = {
      "An authoritative GeoDNS server: zone files, answers by client location (ECS or source"
          + " address), weights, health-checked failover.",
      ""
    })
public final class DnsGeoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin CommonOptions common;

  @Option(
      names = {"-z", "--zone"},
      paramLabel = "[ORIGIN=]FILE",
      description =
          "A zone to serve, from an RFC 1035 master file; ORIGIN= when the file has no $ORIGIN."
              + " Repeat for several zones.")
  List<String> zones = new ArrayList<>();

  @Option(
      names = {"-g", "--geo"},
      paramLabel = "FILE",
      description = "Geo YAML: data centers, health checks, network maps, geo resources.")
  Path geo;

  @Option(
      names = "--max-udp-size",
      paramLabel = "BYTES",
      defaultValue = "1232",
      description =
          "Largest UDP response, also advertised in EDNS; a client's smaller size wins, 512"
              + " without EDNS (default: ${DEFAULT-VALUE}).")
  int maxUdpSize;

  @Option(
      names = "--nsid",
      paramLabel = "TEXT",
      description = "Answer NSID (RFC 5001) requests with this server identity (default: none).")
  String nsid;

  @Option(
      names = "--tcp-idle-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Close a TCP connection idle this long (default: ${DEFAULT-VALUE}).")
  Duration tcpIdleTimeout;

  @Option(
      names = "--udp-sockets",
      paramLabel = "N",
      description =
          "UDP sockets sharing the port with SO_REUSEPORT (epoll, io_uring); default: one per"
              + " event loop.")
  Integer udpSockets;

  @Option(
      names = "--allow-transfer",
      paramLabel = "CIDR",
      description =
          "Networks that may transfer the zones (AXFR, IXFR over TCP); repeat for several"
              + " (default: none, every transfer REFUSED).")
  List<String> allowTransfer = new ArrayList<>();

  @Option(
      names = "--rrl-rate",
      paramLabel = "N",
      description =
          "Response rate limiting: responses per second per client network (default: off).")
  Integer rrlRate;

  @Option(
      names = "--rrl-slip",
      paramLabel = "N",
      defaultValue = "2",
      description =
          "With RRL, send every Nth limited response truncated (TC=1) and drop the rest; 0 drops"
              + " all (default: ${DEFAULT-VALUE}).")
  int rrlSlip;

  @Option(
      names = "--rrl-ipv4-prefix",
      paramLabel = "BITS",
      defaultValue = "24",
      description = "With RRL, the IPv4 client network size (default: /${DEFAULT-VALUE}).")
  int rrlIpv4Prefix;

  @Option(
      names = "--rrl-ipv6-prefix",
      paramLabel = "BITS",
      defaultValue = "56",
      description = "With RRL, the IPv6 client network size (default: /${DEFAULT-VALUE}).")
  int rrlIpv6Prefix;

  @Option(
      names = "--rrl-table-size",
      paramLabel = "N",
      defaultValue = "65536",
      description =
          "With RRL, the number of client-network buckets, a power of two (default:"
              + " ${DEFAULT-VALUE}).")
  int rrlTableSize;

  @Override
  public Integer call() throws Exception {
    common.logLevel().apply();
    DnsConfig config = config();
    DaemonLauncher launcher = new DaemonLauncher("dns-geo", runtimeConfig(), common.adminConfig());
    return launcher.run(context -> DnsServer.start(context, config));
  }

  /**
   * The common runtime settings, except that {@code --transport auto} prefers epoll to io_uring:
   * Netty's io_uring datagram path costs dns-geo about 1.25x the CPU per UDP query of epoll's
   * (measured with dnsperf on loopback, README), so auto takes the faster one for this daemon.
   */
  RuntimeConfig runtimeConfig() {
    return common.runtimeConfig().preferringWhenAuto(TransportChoice.EPOLL);
  }

  DnsConfig config() {
    List<ZoneSource> zoneSources = new ArrayList<>();
    Path geoFile = geo;
    String nsidText = nsid;
    int udpSize = maxUdpSize;
    try {
      for (String zone : zones) {
        zoneSources.add(ZoneSource.parse(zone));
      }
      if (common.configFile().isPresent()) {
        Path file = common.configFile().get();
        DnsFileConfig fileConfig = new YamlConfigLoader().load(file, DnsFileConfig.class);
        Path dir = file.toAbsolutePath().getParent();
        if (zoneSources.isEmpty()) {
          for (DnsFileConfig.Zone zone : fileConfig.zones()) {
            zoneSources.add(ZoneSource.of(zone.origin(), dir.resolve(zone.file())));
          }
        }
        if (geoFile == null && fileConfig.geo() != null) {
          geoFile = dir.resolve(fileConfig.geo());
        }
        if (nsidText == null) {
          nsidText = fileConfig.nsid();
        }
        if (fileConfig.maxUdpSize() != null && !matched("--max-udp-size")) {
          udpSize = fileConfig.maxUdpSize();
        }
      }
      int threads = common.runtimeConfig().threads();
      RateLimitConfig rateLimit =
          rrlRate == null
              ? null
              : new RateLimitConfig(rrlRate, rrlSlip, rrlIpv4Prefix, rrlIpv6Prefix, rrlTableSize);
      return new DnsConfig(
          common.bindAddress(),
          zoneSources,
          geoFile,
          udpSize,
          nsidText,
          tcpIdleTimeout,
          udpSockets == null ? threads : udpSockets,
          rateLimit,
          AddressList.parse("--allow-transfer", allowTransfer));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  private boolean matched(String option) {
    return spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  /** Runs dns-geo as a process on its own. */
  public static void main(String[] args) {
    System.exit(CommandLines.execute(new DnsGeoCommand(), args));
  }
}
