package dev.tierkit.dist.demo.app;

import dev.tierkit.dist.demo.HostPort;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tierkit demo-worker}: the demo's thumbnail worker ({@link DemoWorker}), run until SIGTERM
 * or SIGINT. Hidden: {@code tierkit demo} starts it, operators do not.
 */
@Command(
    name = "demo-worker",
    hidden = true,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "The demo's worker: photo jobs from mq-broker, thumbnails into cache-server.")
public final class DemoWorkerCommand implements Callable<Integer> {
  @Option(
      names = "--cache",
      required = true,
      converter = HostPort.Converter.class,
      description = "cache-server HOST:PORT.")
  HostPort cache;

  @Option(
      names = "--amqp",
      required = true,
      converter = HostPort.Converter.class,
      description = "mq-broker HOST:PORT.")
  HostPort amqp;

  @Option(names = "--amqp-user", defaultValue = "guest", description = "AMQP user.")
  String amqpUser;

  @Option(names = "--amqp-password", defaultValue = "guest", description = "AMQP password.")
  String amqpPassword;

  @Option(names = "--prefetch", defaultValue = "4", description = "Unacked jobs at once.")
  int prefetch;

  @Option(names = "--threads", defaultValue = "2", description = "Render threads.")
  int threads;

  @Option(
      names = "--admin-port",
      description = "Serve /metrics and /healthz on 127.0.0.1:PORT (0 picks one); off if absent.")
  Integer adminPort;

  @Override
  public Integer call() throws Exception {
    DemoWorkerConfig config =
        new DemoWorkerConfig(
            cache,
            new AmqpSettings(amqp, amqpUser, amqpPassword),
            prefetch,
            threads,
            Optional.ofNullable(adminPort).map(p -> new InetSocketAddress("127.0.0.1", p)));
    DemoWorker worker = DemoWorker.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "demo-worker-shutdown"));
    worker.awaitClosed();
    return 0;
  }
}
