package dev.tierkit.dist.demo;

import dev.tierkit.common.cli.DurationConverter;
import dev.tierkit.common.cli.ExitCodes;
import dev.tierkit.dist.demo.DemoTopology.DataCenter;
import dev.tierkit.dist.demo.live.LiveFigures;
import dev.tierkit.dist.demo.live.StatusServer;
import dev.tierkit.dist.demo.live.Traffic;
import dev.tierkit.dist.demo.scenario.Pace;
import dev.tierkit.dist.demo.scenario.Scenario;
import dev.tierkit.dist.demo.scenario.ScenarioContext;
import dev.tierkit.dist.demo.scenario.Scenarios;
import dev.tierkit.dist.demo.scenario.Timeline;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tierkit demo}: prints the {@link DemoTopology}, starts every process of it as a child JVM,
 * serves the live status page, sets the simulated users ({@link Traffic}) going, and prints where
 * to point a browser and {@code dig}. Without a scenario it runs until Ctrl-C or {@code
 * --duration}; with {@code --scenario} or {@code --tour} it runs those ({@link Scenarios}) once the
 * users are logged in and served, and exits 0 when every claim held, 1 when one did not.
 *
 * <p>Every child is ended on the way out, by a shutdown hook when the demo is interrupted (SIGINT,
 * SIGTERM), and the temporary directory (logs, mq data, dns-geo files) is deleted, unless a process
 * or a claim failed: then its logs are kept and their place printed.
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
      names = "--admin-port",
      paramLabel = "PORT",
      defaultValue = "8090",
      description =
          "Serve the live status page (and its JSON feed, /status.json) on 127.0.0.1:PORT;"
              + " 0 picks a free port (default: ${DEFAULT-VALUE}).")
  int adminPort;

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description = {
        "Run one failure scenario against the running system, print its timeline, and exit"
            + " non-zero if its claim did not hold: ${COMPLETION-CANDIDATES}."
      },
      completionCandidates = ScenarioNames.class)
  String scenario;

  @Option(
      names = "--tour",
      description = "Run every scenario in turn, then exit (non-zero if any claim failed).")
  boolean tour;

  @Option(
      names = "--brief",
      description =
          "Watch each scenario for seconds rather than the tour's pace: the same claims over"
              + " shorter windows.")
  boolean brief;

  /** The scenario names, for {@code --help}. */
  static final class ScenarioNames extends java.util.ArrayList<String> {
    private static final long serialVersionUID = 1L;

    ScenarioNames() {
      super(Scenarios.names());
    }
  }

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
    List<Scenario> scenarios = new ArrayList<>();
    if (tour && scenario != null) {
      err.println("demo: --tour runs every scenario; give --tour or --scenario, not both");
      return ExitCodes.USAGE;
    }
    if (tour) {
      scenarios.addAll(Scenarios.tour());
    } else if (scenario != null) {
      Optional<Scenario> named = Scenarios.named(scenario);
      if (named.isEmpty()) {
        err.println(
            "demo: no scenario named '"
                + scenario
                + "'; the scenarios are "
                + String.join(", ", Scenarios.names()));
        return ExitCodes.USAGE;
      }
      scenarios.add(named.get());
    }
    Pace pace = brief ? Pace.BRIEF : Pace.STANDARD;
    PrintStream out = new PrintStream(System.out, true, Charset.defaultCharset());
    DemoTopology topology = DemoTopology.allocate();
    Path dir = Files.createTempDirectory("tierkit-demo-");
    DnsGeoFiles.write(topology, dir);
    DemoProcesses processes =
        new DemoProcesses(
            DemoPrograms.of(topology, dir, apps), ChildJvm.current(), dir.resolve("logs"), out);
    Traffic traffic = new Traffic(topology, usersAt(pace));
    Timeline timeline = new Timeline(out);
    LiveFigures figures = new LiveFigures(topology, processes, traffic::figures, timeline::lines);
    AtomicReference<StatusServer> status = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGINT and SIGTERM run shutdown hooks: the children are ended there, so none outlives us.
    Thread hook =
        new Thread(
            () -> {
              closeStatus(status.get(), figures);
              traffic.close();
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
      if (adminPort < 0 || adminPort > 65535) {
        err.println("demo: --admin-port must be between 0 and 65535, got " + adminPort);
        return ExitCodes.USAGE;
      }
      // The status page's port first: a taken one is a mistake to report before ten JVMs start.
      try {
        status.set(
            StatusServer.start(new InetSocketAddress(STATUS_HOST, adminPort), figures::toJson));
      } catch (BindException e) {
        err.println(
            "demo: --admin-port "
                + adminPort
                + " is taken on "
                + STATUS_HOST
                + "; pass another, or --admin-port 0 for a free one");
        return ExitCodes.USAGE;
      }
      processes.startAll();
      figures.start();
      out.println(readyLine(topology));
      out.println("  status   " + status.get().uri() + "  (live figures: /status.json)");
      traffic.start();
      out.printf(
          "users: %d in each data center's network, a page with its assets every ~%d ms each%n",
          traffic.userCount() / topology.dataCenters().size(),
          usersAt(pace).thinkTime().toMillis());
      if (!scenarios.isEmpty()) {
        int result = runScenarios(scenarios, topology, processes, traffic, timeline, pace, err);
        failed = result != ExitCodes.OK;
        return result;
      }
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
      closeStatus(status.get(), figures);
      traffic.close();
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

  /**
   * Waits for the users to be logged in and served without failure, then runs {@code scenarios}; OK
   * when every claim held.
   */
  private static int runScenarios(
      List<Scenario> scenarios,
      DemoTopology topology,
      DemoProcesses processes,
      Traffic traffic,
      Timeline timeline,
      Pace pace,
      PrintWriter err)
      throws InterruptedException {
    ScenarioContext ctx = new ScenarioContext(topology, processes, traffic, timeline, pace);
    if (!warmedUp(traffic)) {
      err.println(
          "demo: the users were not all logged in and served without failure within "
              + WARM_UP.toSeconds()
              + " s of the start; not running the scenarios");
      return ExitCodes.FAILURE;
    }
    List<Scenarios.Outcome> outcomes = Scenarios.run(scenarios, ctx);
    return outcomes.stream().allMatch(Scenarios.Outcome::held) ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** Where the status page listens: loopback only, like every other address of the demo. */
  static final String STATUS_HOST = "127.0.0.1";

  private static void closeStatus(StatusServer status, LiveFigures figures) {
    if (status != null) {
      status.close();
    }
    figures.close();
  }

  /** How long the users have to settle in before the scenarios start. */
  static final Duration WARM_UP = Duration.ofSeconds(30);

  /**
   * Whether, within {@link #WARM_UP}, every user logged in and a whole second passed with requests
   * and no failure: the baseline every scenario starts from.
   */
  private static boolean warmedUp(Traffic traffic) throws InterruptedException {
    long deadline = System.nanoTime() + WARM_UP.toNanos();
    while (System.nanoTime() - deadline < 0) {
      long now = System.nanoTime();
      List<Traffic.Sample> lastSecond = traffic.samples(now - 1_000_000_000L, now);
      boolean clean = !lastSecond.isEmpty() && lastSecond.stream().allMatch(Traffic.Sample::ok);
      if (clean && traffic.figures().logins() >= traffic.userCount()) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return false;
  }

  /** The users' pace for {@code pace}: the standard one, with DNS answers kept at most as long. */
  private static Traffic.Settings usersAt(Pace pace) {
    Traffic.Settings standard = Traffic.Settings.standard();
    return new Traffic.Settings(
        standard.usersPerRegion(),
        standard.thinkTime(),
        standard.jobEvery(),
        pace.dnsCacheCap(),
        standard.requestTimeout());
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
