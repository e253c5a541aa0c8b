package dev.tierkit.dns;

import dev.tierkit.common.admin.AdminConfig;
import dev.tierkit.common.launch.DaemonLauncher;
import dev.tierkit.common.launch.RunningDaemon;
import dev.tierkit.common.net.AddressList;
import dev.tierkit.common.runtime.RuntimeConfig;
import dev.tierkit.common.testing.DaemonExtension;
import dev.tierkit.dns.server.DnsListeners;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/** Real dns-geo servers for tests: loopback, port 0, started as the command starts them. */
final class TestDns {
  private TestDns() {}

  /** The integration tests' zone and geo file, as they are in test resources. */
  static DnsConfig example() {
    return config(resource("/it/example.test.zone"), resource("/it/geo.yaml"));
  }

  static DnsConfig config(Path zone, Path geo) {
    return config(zone, geo, null);
  }

  static DnsConfig config(Path zone, Path geo, RateLimitConfig rrl) {
    return new DnsConfig(
        new InetSocketAddress("127.0.0.1", 0),
        List.of(new ZoneSource(null, zone)),
        geo,
        DnsConfig.DEFAULT_MAX_UDP_PAYLOAD,
        "tierkit-test",
        Duration.ofMillis(500),
        2,
        rrl,
        AddressList.parse("--allow-transfer", List.of("127.0.0.1/32")));
  }

  static RunningDaemon start(DnsConfig config) throws Exception {
    return start(RuntimeConfig.defaults(2), config);
  }

  static RunningDaemon start(RuntimeConfig runtime, DnsConfig config) throws Exception {
    return new DaemonLauncher("dns-geo", runtime, AdminConfig.loopbackAnyPort())
        .start(context -> DnsServer.start(context, config));
  }

  static DaemonExtension extension(DnsConfig config) {
    return new DaemonExtension("dns-geo", context -> DnsServer.start(context, config));
  }

  static int port(RunningDaemon daemon) {
    return daemon.listener(DnsListeners.NAME).port();
  }

  /** Copies a test resource to {@code dir}, returning its path there. */
  static Path copy(String resource, Path dir) {
    try (InputStream in = TestDns.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + resource);
      }
      Path target = dir.resolve(Path.of(resource).getFileName().toString());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A test resource's path on disk (they are unpacked under target/test-classes). */
  static Path resource(String resource) {
    try {
      return Path.of(TestDns.class.getResource(resource).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
