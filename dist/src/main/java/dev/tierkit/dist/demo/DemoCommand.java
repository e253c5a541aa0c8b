package dev.tierkit.dist.demo;

import dev.tierkit.common.cli.DurationConverter;
import dev.tierkit.common.cli.ExitCodes;
import dev.tierkit.dist.demo.DemoTopology.DataCenter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tierkit demo}: prints the {@link DemoTopology}, starts every process of it as a child JVM,
 * prints where to point a browser and {@code dig}, and runs until Ctrl-C or {@code --duration}.
 * Every child is ended on the way out, by a shutdown hook when the demo is interrupted, and the
 * temporary directory (logs, mq data, dns-geo files) is deleted, unless a process failed: then its
 * logs are kept and their place printed.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {"Run a two-data-center system of tierkit daemons on loopback addresses.", ""})
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Stop after this long (default: run until Ctrl-C).")
  Duration duration;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description = "Run one failure scenario against the running system (not built yet).")
  String scenario;

  @Option(names = "--tour", description = "Run every scenario in turn, explained (not built yet).")
  boolean tour;

  private final DemoApps apps;

  /**
   * The demo with the real web server and worker ({@code tierkit demo-web}, {@code demo-worker}).
   */
  public DemoCommand() {
    this(DemoApps.tierkit());
  }

  /** The demo with {@code apps} as its web server and worker. */
  public DemoCommand(DemoApps apps) {
    this.apps = apps;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    if (scenario != null || tour) {
      err.println(
          "demo: "
              + (tour ? "--tour" : "--scenario " + scenario)
              + " is not built yet; run 'tierkit demo' without it");
      return ExitCodes.USAGE;
    }
    PrintStream out = new PrintStream(System.out, true, Charset.defaultCharset());
    DemoTopology topology = DemoTopology.allocate();
    Path dir = Files.createTempDirectory("tierkit-demo-");
    DnsGeoFiles.write(topology, dir);
    DemoProcesses processes =
        new DemoProcesses(
            DemoPrograms.of(topology, dir, apps), ChildJvm.current(), dir.resolve("logs"), out);
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGINT and SIGTERM run shutdown hooks: the children are ended there, so none outlives us.
    Thread hook =
        new Thread(
            () -> {
              processes.close();
              DemoProcesses.deleteTree(dir);
              stopped.countDown();
            },
            "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    out.print(topology.table());
    out.println("starting (logs in " + dir.resolve("logs") + ")");
    boolean failed = false;
    try {
      processes.startAll();
      out.println(readyLine(topology));
      if (duration == null) {
        stopped.await();
      } else {
        stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
      }
      return ExitCodes.OK;
    } catch (DemoException e) {
      failed = true;
      err.println("demo: " + e.getMessage());
      return ExitCodes.FAILURE;
    } finally {
      out.println("stopping");
      processes.close();
      // After a failure the logs are what explains it: they stay, and the message said where.
      if (failed) {
        err.println("demo: logs kept in " + dir.resolve("logs"));
      } else {
        DemoProcesses.deleteTree(dir);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running or has run, and did the same.
      }
    }
  }

  /** The URLs of the running demo, for a person to try. */
  static String readyLine(DemoTopology topology) {
    StringBuilder line = new StringBuilder("ready:");
    for (DataCenter dc : topology.dataCenters()) {
      line.append(String.format("%n  %-8s %s", dc.name(), dc.edge().listen().http("/")));
    }
    line.append(
        String.format(
            "%n  dns      dig @%s -p %d www.%s",
            topology.shared().dns().listen().host(),
            topology.shared().dns().listen().port(),
            DemoTopology.ZONE.substring(0, DemoTopology.ZONE.length() - 1)));
    line.append(String.format("%nCtrl-C stops everything."));
    return line.toString();
  }
}
