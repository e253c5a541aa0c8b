package dev.tierkit.mq.server;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.tierkit.common.runtime.RuntimeConfig;
import dev.tierkit.common.testing.DaemonExtension;
import dev.tierkit.mq.broker.BrokerConfig;
import dev.tierkit.mq.store.FsyncMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real mq-broker for a test class on a loopback port of its own, with a fresh data directory that
 * is deleted afterwards, and RabbitMQ Java client connections to it.
 */
public final class BrokerExtension implements BeforeAllCallback, AfterAllCallback {
  private final UnaryOperator<MqServerConfig> customizer;
  private Path dataDir;
  private DaemonExtension daemon;

  public BrokerExtension() {
    this(UnaryOperator.identity());
  }

  public BrokerExtension(UnaryOperator<MqServerConfig> customizer) {
    this.customizer = customizer;
  }

  /** The settings tests start from: port 0, batch fsync, small segments, guest:guest. */
  public static MqServerConfig defaults(Path dataDir) {
    return new MqServerConfig(
        new InetSocketAddress("127.0.0.1", 0),
        new BrokerConfig(
            dataDir,
            FsyncMode.BATCH,
            4L << 20,
            BrokerConfig.DEFAULT_QUEUE_MEMORY_LIMIT,
            List.of("/", "other")),
        MqLimits.defaults(),
        Map.of("guest", "guest", "alice", "secret"),
        false,
        MqServerConfig.DEFAULT_HANDSHAKE_TIMEOUT,
        MqServerConfig.DEFAULT_CLOSE_TIMEOUT,
        256L << 20,
        0);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    dataDir = Files.createTempDirectory("mq-broker-test");
    MqServerConfig config = customizer.apply(defaults(dataDir));
    daemon =
        new DaemonExtension(
            "mq-broker", RuntimeConfig.defaults(2), ctx -> MqServer.start(ctx, config, "test"));
    daemon.beforeAll(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    try {
      if (daemon != null) {
        daemon.afterAll(context);
      }
    } finally {
      deleteTree(dataDir);
    }
  }

  public int port() {
    return daemon.port(MqServer.LISTENER);
  }

  public DaemonExtension daemon() {
    return daemon;
  }

  public MqServer server() {
    return (MqServer) daemon.daemon().daemon();
  }

  public ConnectionFactory factory() {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setHost("127.0.0.1");
    factory.setPort(port());
    factory.setAutomaticRecoveryEnabled(false);
    factory.setConnectionTimeout(5000);
    factory.setHandshakeTimeout(5000);
    factory.setChannelRpcTimeout(5000);
    return factory;
  }

  public Connection connect() {
    try {
      return factory().newConnection();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
