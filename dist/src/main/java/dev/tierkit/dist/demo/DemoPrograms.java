package dev.tierkit.dist.demo;

import dev.tierkit.dist.Main;
import dev.tierkit.dist.demo.DemoTopology.Daemon;
import dev.tierkit.dist.demo.DemoTopology.DataCenter;
import dev.tierkit.dist.demo.DemoTopology.Shared;
import dev.tierkit.dist.demo.DemoTopology.WebServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The command line of every process of a {@link DemoTopology}, in start order: cache, mq, the web
 * servers, the worker, the load balancers, the edges, dns-geo (each stage needs the one before it
 * to be reachable). The daemons are the ordinary {@code tierkit} subcommands with their documented
 * flags; the web servers and the worker come from {@link DemoApps}.
 *
 * <p>Every daemon runs with one event loop thread and a short drain, so that ten JVMs fit on two
 * cores and a stop takes seconds, not the default 30.
 */
public final class DemoPrograms {
  static final int STAGE_CACHE = 0;
  static final int STAGE_MQ = 1;
  static final int STAGE_WEB = 2;
  static final int STAGE_WORKER = 3;
  static final int STAGE_LB = 4;
  static final int STAGE_EDGE = 5;
  static final int STAGE_DNS = 6;

  private DemoPrograms() {}

  /**
   * The programs of {@code topology}; {@code dir} holds mq's data directory, and the dns-geo zone
   * and geo files ({@link DnsGeoFiles} writes them there).
   */
  public static List<Program> of(DemoTopology topology, Path dir, DemoApps apps) {
    Shared shared = topology.shared();
    HostPort cache = shared.cache().listen();
    HostPort amqp = shared.mq().listen();
    List<Program> programs = new ArrayList<>();
    programs.add(daemon(shared.cache(), STAGE_CACHE, "128m", List.of("--memory-mb", "32")));
    programs.add(
        daemon(
            shared.mq(),
            STAGE_MQ,
            "128m",
            List.of("--data-dir", dir.resolve("mq").toString(), "--fsync", "batch")));
    for (DataCenter dc : topology.dataCenters()) {
      for (WebServer web : dc.webs()) {
        DemoApps.Launch launch = apps.web(web, cache, amqp);
        programs.add(
            new Program(
                web.name(),
                STAGE_WEB,
                "64m",
                launch.mainClass(),
                launch.args(),
                Optional.of(web.listen().http("/healthz"))));
      }
    }
    DemoApps.Launch worker = apps.worker(shared.worker(), cache, amqp);
    programs.add(
        new Program(
            shared.worker().name(),
            STAGE_WORKER,
            "64m",
            worker.mainClass(),
            worker.args(),
            Optional.of(shared.worker().admin().http("/healthz"))));
    for (DataCenter dc : topology.dataCenters()) {
      List<String> lb =
          new ArrayList<>(
              List.of(
                  "--mode",
                  "http",
                  "--algorithm",
                  "round-robin",
                  "--health-check",
                  "http:/healthz",
                  "--check-interval",
                  "500ms"));
      for (WebServer web : dc.webs()) {
        lb.add("--backend");
        lb.add(web.listen().toString());
      }
      programs.add(daemon(dc.lb(), STAGE_LB, "64m", lb));
    }
    for (DataCenter dc : topology.dataCenters()) {
      programs.add(
          daemon(
              dc.edge(),
              STAGE_EDGE,
              "96m",
              List.of(
                  "--origin",
                  dc.lb().listen().http("").toString(),
                  "--memory-mb",
                  "16",
                  "--max-object-size",
                  "1m",
                  "--health-path",
                  "/healthz",
                  "--health-interval",
                  "1s")));
    }
    programs.add(
        daemon(
            shared.dns(),
            STAGE_DNS,
            "64m",
            List.of(
                "--zone",
                dir.resolve(DnsGeoFiles.ZONE_FILE).toString(),
                "--geo",
                dir.resolve(DnsGeoFiles.GEO_FILE).toString())));
    return List.copyOf(programs);
  }

  /** {@code tierkit KIND} with the common options for {@code daemon}, then {@code extra}. */
  private static Program daemon(Daemon daemon, int stage, String heap, List<String> extra) {
    List<String> args = new ArrayList<>();
    args.add(daemon.kind());
    args.addAll(
        List.of(
            "--bind",
            daemon.listen().host(),
            "--port",
            Integer.toString(daemon.listen().port()),
            "--admin-bind",
            daemon.admin().host(),
            "--admin-port",
            Integer.toString(daemon.admin().port()),
            "--threads",
            "1",
            "--drain-timeout",
            "2s"));
    args.addAll(extra);
    return new Program(
        daemon.name(),
        stage,
        heap,
        Main.class.getName(),
        args,
        Optional.of(daemon.admin().http("/readyz")));
  }
}
