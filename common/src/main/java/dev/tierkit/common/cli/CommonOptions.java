package dev.tierkit.common.cli;

import dev.tierkit.common.admin.AdminConfig;
import dev.tierkit.common.config.ConfigException;
import dev.tierkit.common.runtime.RuntimeConfig;
import dev.tierkit.common.transport.TransportChoice;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options every daemon accepts, mixed into its command with {@code @Mixin}. Defaults that
 * differ between daemons ({@code --port}, {@code --admin-port}) come from the command's {@link
 * DaemonDefaults}. Flags given on the command line override the same settings in {@code --config}.
 */
public final class CommonOptions {
  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      defaultValue = "0.0.0.0",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}; :: for every IPv6 and IPv4"
              + " address).")
  String bind;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = {"-t", "--threads"},
      paramLabel = "N",
      description = "Event loop threads (default: the number of cores, ${DEFAULT-VALUE} here).")
  int threads;

  @Option(
      names = "--transport",
      paramLabel = "KIND",
      defaultValue = "auto",
      converter = EnumOptionConverter.Transports.class,
      completionCandidates = EnumOptionConverter.Transports.class,
      description =
          "I/O transport: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, which picks"
              + " io_uring, then epoll, then nio).")
  TransportChoice transport;

  @Option(
      names = "--admin-bind",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description = "Address of the admin HTTP endpoint (default: ${DEFAULT-VALUE}).")
  String adminBind;

  @Option(
      names = "--admin-port",
      paramLabel = "PORT",
      description =
          "Port of the admin HTTP endpoint; 0 picks one, -1 turns it off"
              + " (default: ${DEFAULT-VALUE}).")
  int adminPort;

  @Option(
      names = "--admin-token",
      paramLabel = "TOKEN",
      defaultValue = "${env:TIERKIT_ADMIN_TOKEN}",
      showDefaultValue = picocli.CommandLine.Help.Visibility.NEVER,
      description =
          "Bearer token for mutating admin routes (default: $TIERKIT_ADMIN_TOKEN). Without"
              + " one, mutating routes work only when the admin endpoint is bound to loopback.")
  String adminToken;

  @Option(
      names = "--drain-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "On SIGTERM/SIGINT, how long to let in-flight requests finish before closing"
              + " connections (default: ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      defaultValue = "10000",
      description = "Connections beyond this are closed on accept (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "info",
      converter = EnumOptionConverter.LogLevels.class,
      completionCandidates = EnumOptionConverter.LogLevels.class,
      description = "Logging level: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  LogLevel logLevel;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "YAML file with structured settings; command-line flags override it.")
  Path config;

  /** The address the daemon's main listener binds. */
  public InetSocketAddress bindAddress() {
    checkPort("--port", port);
    return new InetSocketAddress(host("--bind", bind), port);
  }

  /** The runtime settings. */
  public RuntimeConfig runtimeConfig() {
    return new RuntimeConfig(transport, threads, drainTimeout, maxConnections);
  }

  /** The admin endpoint settings. */
  public AdminConfig adminConfig() {
    if (adminPort < 0) {
      return new AdminConfig(new InetSocketAddress("127.0.0.1", 0), Optional.empty(), false);
    }
    checkPort("--admin-port", adminPort);
    return new AdminConfig(
        new InetSocketAddress(host("--admin-bind", adminBind), adminPort),
        Optional.ofNullable(adminToken).filter(t -> !t.isEmpty()),
        true);
  }

  public LogLevel logLevel() {
    return logLevel;
  }

  /** The {@code --config} file, if one was given. */
  public Optional<Path> configFile() {
    return Optional.ofNullable(config);
  }

  private static void checkPort(String option, int value) {
    if (value < 0 || value > 65535) {
      throw new ConfigException(option + " must be between 0 and 65535, got " + value);
    }
  }

  private static String host(String option, String value) {
    String host = value.trim();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      throw new ConfigException(option + " must not be empty");
    }
    InetSocketAddress probe = new InetSocketAddress(host, 0);
    if (probe.isUnresolved()) {
      throw new ConfigException(option + " " + value + ": not an address of this host");
    }
    return host;
  }
}
