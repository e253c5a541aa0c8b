package dev.tierkit.mq;

import dev.tierkit.common.cli.CommandLines;
import dev.tierkit.common.cli.CommonOptions;
import dev.tierkit.common.cli.DurationConverter;
import dev.tierkit.common.cli.SizeConverter;
import dev.tierkit.common.config.ConfigException;
import dev.tierkit.common.launch.DaemonLauncher;
import dev.tierkit.mq.broker.BrokerConfig;
import dev.tierkit.mq.server.MqLimits;
import dev.tierkit.mq.server.MqServer;
import dev.tierkit.mq.server.MqServerConfig;
import dev.tierkit.mq.store.FsyncMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tierkit mq-broker}: a durable AMQP 0-9-1 broker for RabbitMQ's clients, keeping its data
 * in {@code ./data/mq} unless told otherwise. Every setting is a flag; the defaults are RabbitMQ's
 * where it has one.
 */
@Command(
    name = "mq-broker",
    mixinStandardHelpOptions = true,
    versionProvider = MqVersion.class,
    defaultValueProvider = MqDefaults.class,
    sortOptions = false,
    description = {
      "A durable AMQP 0-9-1 message broker for RabbitMQ's clients: exchanges, queues, confirms,"
          + " a crash-safe message store.",
      ""
    })
public final class MqBrokerCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "data/mq",
      description = "Where messages and definitions are kept (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--fsync",
      paramLabel = "MODE",
      defaultValue = "batch",
      converter = FsyncConverter.class,
      completionCandidates = FsyncConverter.class,
      description =
          "When the message log is forced to disk before confirming: ${COMPLETION-CANDIDATES}"
              + " (default: ${DEFAULT-VALUE}: one fsync per group of writes; never: survives a"
              + " process crash, not a power loss).")
  FsyncMode fsync;

  @Option(
      names = "--segment-size",
      paramLabel = "SIZE",
      defaultValue = "64m",
      converter = SizeConverter.class,
      description = "Size of one message-log segment (default: ${DEFAULT-VALUE}).")
  long segmentSize;

  @Option(
      names = "--queue-memory-limit",
      paramLabel = "SIZE",
      defaultValue = "64m",
      converter = SizeConverter.class,
      description =
          "Message bodies one queue keeps in memory; beyond it only an index stays in memory"
              + " (default: ${DEFAULT-VALUE}).")
  long queueMemoryLimit;

  @Option(
      names = "--memory-high-watermark",
      paramLabel = "SIZE|FRACTION",
      defaultValue = "0.4",
      description =
          "Message memory above which publishers are blocked: a size, or a fraction of the JVM"
              + " heap (default: ${DEFAULT-VALUE}, RabbitMQ's).")
  String memoryHighWatermark;

  @Option(
      names = "--disk-free-limit",
      paramLabel = "SIZE",
      defaultValue = "50m",
      converter = SizeConverter.class,
      description =
          "Free disk space below which publishers are blocked (default: ${DEFAULT-VALUE},"
              + " RabbitMQ's).")
  long diskFreeLimit;

  @Option(
      names = "--vhost",
      paramLabel = "NAME",
      description = "A virtual host clients may open; repeatable (default: /).")
  List<String> vhosts = new ArrayList<>();

  @Option(
      names = "--user",
      paramLabel = "NAME:PASSWORD",
      description =
          "A user who may log in (PLAIN or AMQPLAIN); repeatable (default: guest:guest, from"
              + " loopback only).")
  List<String> users = new ArrayList<>();

  @Option(
      names = "--allow-remote-guest",
      description = "Accept the guest user from any address, not only loopback.")
  boolean allowRemoteGuest;

  @Option(
      names = "--frame-max",
      paramLabel = "BYTES",
      defaultValue = "131072",
      description = "Largest frame offered in connection.tune (default: ${DEFAULT-VALUE}).")
  int frameMax;

  @Option(
      names = "--channel-max",
      paramLabel = "N",
      defaultValue = "2047",
      description = "Most channels per connection (default: ${DEFAULT-VALUE}).")
  int channelMax;

  @Option(
      names = "--heartbeat",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "Heartbeat interval proposed to clients; 0 turns it off (default: ${DEFAULT-VALUE}).")
  int heartbeat;

  @Option(
      names = "--max-message-size",
      paramLabel = "SIZE",
      defaultValue = "128m",
      converter = SizeConverter.class,
      description = "Largest message body (default: ${DEFAULT-VALUE}).")
  long maxMessageSize;

  @Option(
      names = "--handshake-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "Time a new connection has to finish the AMQP handshake (default: ${DEFAULT-VALUE}).")
  Duration handshakeTimeout;

  @Override
  public Integer call() throws Exception {
    common.logLevel().apply();
    if (common.configFile().isPresent()) {
      throw new ConfigException(
          "--config: mq-broker has no structured settings; every setting is a flag");
    }
    MqServerConfig config = config(Runtime.getRuntime().maxMemory());
    DaemonLauncher launcher =
        new DaemonLauncher("mq-broker", common.runtimeConfig(), common.adminConfig());
    return launcher.run(context -> MqServer.start(context, config, MqVersion.version()));
  }

  MqServerConfig config(long maxHeap) {
    try {
      BrokerConfig broker =
          new BrokerConfig(
              dataDir,
              fsync,
              segmentSize,
              queueMemoryLimit,
              vhosts.isEmpty() ? List.of("/") : vhosts);
      MqLimits limits =
          new MqLimits(
              channelMax, frameMax, heartbeat, maxMessageSize, MqLimits.defaults().maxTableDepth());
      return new MqServerConfig(
          common.bindAddress(),
          broker,
          limits,
          users(),
          allowRemoteGuest,
          handshakeTimeout,
          MqServerConfig.DEFAULT_CLOSE_TIMEOUT,
          watermark(memoryHighWatermark, maxHeap),
          diskFreeLimit);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private Map<String, String> users() {
    Map<String, String> parsed = new LinkedHashMap<>();
    if (users.isEmpty()) {
      parsed.put("guest", "guest");
      return parsed;
    }
    for (String user : users) {
      int colon = user.indexOf(':');
      if (colon <= 0) {
        throw new ConfigException("--user " + user + ": expected NAME:PASSWORD");
      }
      parsed.put(user.substring(0, colon), user.substring(colon + 1));
    }
    return parsed;
  }

  static long watermark(String value, long maxHeap) {
    String text = value.trim();
    if (text.contains(".")) {
      double fraction;
      try {
        fraction = Double.parseDouble(text);
      } catch (NumberFormatException e) {
        throw new ConfigException(
            "--memory-high-watermark " + value + ": expected a size or a fraction");
      }
      if (!(fraction > 0 && fraction <= 1)) {
        throw new ConfigException(
            "--memory-high-watermark " + value + ": a fraction must be in (0, 1]");
      }
      return (long) (maxHeap * fraction);
    }
    try {
      return SizeConverter.parse(text);
    } catch (RuntimeException e) {
      throw new ConfigException("--memory-high-watermark " + value + ": " + e.getMessage());
    }
  }

  /** Runs mq-broker as a process on its own. */
  public static void main(String[] args) {
    System.exit(CommandLines.execute(new MqBrokerCommand(), args));
  }
}
