package dev.tierkit.dist.demo.app;

import dev.tierkit.common.cli.DurationConverter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tierkit demo-web}: the demo's web server ({@link DemoWebApp}), run until SIGTERM or
 * SIGINT. Hidden: {@code tierkit demo} starts it, operators do not.
 */
@Command(
    name = "demo-web",
    hidden = true,
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "The demo's stateless web server: sessions in cache-server, jobs to mq-broker.")
public final class DemoWebCommand implements Callable<Integer> {
  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Listen address.")
  String bind;

  @Option(names = "--port", defaultValue = "8080", description = "Listen port; 0 picks one.")
  int port;

  @Option(names = "--name", defaultValue = "web-1", description = "Server name on the page.")
  String name;

  @Option(names = "--dc", defaultValue = "local", description = "Data center on the page.")
  String dc;

  @Mixin SharedServiceOptions services;

  @Option(
      names = "--asset-version",
      defaultValue = "1",
      description = "Initial static asset version; POST /admin/asset-version?v=N changes it.")
  long assetVersion;

  @Option(
      names = "--session-ttl",
      defaultValue = "30m",
      converter = DurationConverter.class,
      description = "Session lifetime in cache-server.")
  Duration sessionTtl;

  @Option(names = "--threads", defaultValue = "8", description = "Request threads.")
  int threads;

  @Override
  public Integer call() throws Exception {
    DemoWebConfig config =
        new DemoWebConfig(
            new InetSocketAddress(bind, port),
            name,
            dc,
            services.cache(),
            services.amqp(),
            assetVersion,
            sessionTtl,
            threads);
    DemoWebApp app = DemoWebApp.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "demo-web-shutdown"));
    app.awaitClosed();
    return 0;
  }
}
