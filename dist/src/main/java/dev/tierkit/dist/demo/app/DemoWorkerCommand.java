package dev.tierkit.dist.demo.app;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
  @Mixin SharedServiceOptions services;

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
            services.cache(),
            services.amqp(),
            prefetch,
            threads,
            Optional.ofNullable(adminPort).map(p -> new InetSocketAddress("127.0.0.1", p)));
    DemoWorker worker = DemoWorker.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "demo-worker-shutdown"));
    worker.awaitClosed();
    return 0;
  }
}
