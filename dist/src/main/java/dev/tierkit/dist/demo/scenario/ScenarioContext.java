package dev.tierkit.dist.demo.scenario;

import dev.tierkit.dist.demo.DemoProcesses;
import dev.tierkit.dist.demo.DemoTopology;
import dev.tierkit.dist.demo.DemoTopology.Daemon;
import dev.tierkit.dist.demo.DemoTopology.DataCenter;
import dev.tierkit.dist.demo.DemoTopology.WebServer;
import dev.tierkit.dist.demo.HostPort;
import dev.tierkit.dist.demo.live.GeoResolver;
import dev.tierkit.dist.demo.live.Metrics;
import dev.tierkit.dist.demo.live.Traffic;
import dev.tierkit.dist.demo.live.Traffic.Sample;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What a scenario works with: the running processes, the users' traffic, the timeline, the pace,
 * and the probes it checks claims with (a scrape of a process's metrics, a DNS question from a data
 * center's network, an operator's HTTP call).
 */
public final class ScenarioContext {
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

  private final DemoTopology topology;
  private final DemoProcesses processes;
  private final Traffic traffic;
  private final Timeline timeline;
  private final Pace pace;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(1))
          .build();

  /** The context of scenarios run against {@code processes} of {@code topology}. */
  public ScenarioContext(
      DemoTopology topology,
      DemoProcesses processes,
      Traffic traffic,
      Timeline timeline,
      Pace pace) {
    this.topology = topology;
    this.processes = processes;
    this.traffic = traffic;
    this.timeline = timeline;
    this.pace = pace;
  }

  DemoTopology topology() {
    return topology;
  }

  DemoProcesses processes() {
    return processes;
  }

  Traffic traffic() {
    return traffic;
  }

  Timeline timeline() {
    return timeline;
  }

  Pace pace() {
    return pace;
  }

  /** The daemon's metrics now; empty figures when it does not answer. */
  Metrics metrics(Daemon daemon) {
    return Metrics.scrape(http, daemon.admin().http("/metrics"), PROBE_TIMEOUT)
        .orElse(Metrics.parse(""));
  }

  /** The web server's metrics now; empty figures when it does not answer. */
  Metrics metrics(WebServer web) {
    return Metrics.scrape(http, web.listen().http("/metrics"), PROBE_TIMEOUT)
        .orElse(Metrics.parse(""));
  }

  /** Lets the users' traffic run for {@code duration}. */
  void hold(Duration duration) throws InterruptedException {
    // The scenario's observation window: time passing is the point, there is nothing to await.
    TimeUnit.MILLISECONDS.sleep(duration.toMillis());
  }

  /**
   * Polls {@code condition} every 100 ms until it holds or {@code max} passed; returns the seconds
   * it took, or empty when it never held.
   */
  OptionalDouble await(Duration max, BooleanSupplier condition) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + max.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return OptionalDouble.of((System.nanoTime() - start) / 1e9);
      }
      if (System.nanoTime() - deadline > 0) {
        return OptionalDouble.empty();
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  /**
   * The A record dns-geo answers {@code name} (in the demo zone) to a client in {@code clients}'
   * network right now, asked from a probe address there; "no answer: ..." when it fails.
   */
  String dnsAnswer(DataCenter clients, String name) {
    HostPort dns = topology.shared().dns().listen();
    try {
      // No cache: every probe is a fresh question, since a change of answer is what is watched.
      return new GeoResolver(
              new InetSocketAddress(dns.host(), dns.port()),
              clients.clientAddress(2, 1),
              Duration.ZERO,
              System::nanoTime)
          .resolve(name + "." + DemoTopology.ZONE)
          .getHostAddress();
    } catch (IOException e) {
      return "no answer: " + e.getMessage();
    }
  }

  /** The data center whose edge is at {@code address}, or the address itself when none is. */
  String dataCenterAt(String address) {
    for (DataCenter dc : topology.dataCenters()) {
      if (dc.edge().listen().host().equals(address)) {
        return dc.name();
      }
    }
    return address;
  }

  /** An operator's POST to {@code url}: the status and body, or status 0 and the error. */
  HttpResponse<String> post(URI url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(url)
            .timeout(PROBE_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * "N of M failed", with the failures by kind, and the first failure's user, time on the timeline
   * and detail.
   */
  String failures(List<Sample> samples) {
    long failed = samples.stream().filter(s -> !s.ok()).count();
    StringBuilder out = new StringBuilder();
    out.append(failed).append(" of ").append(samples.size()).append(" failed");
    if (failed > 0) {
      Map<String, Integer> byKind = new TreeMap<>();
      samples.stream().filter(s -> !s.ok()).forEach(s -> byKind.merge(s.kind(), 1, Integer::sum));
      Sample first = samples.stream().filter(s -> !s.ok()).findFirst().orElseThrow();
      out.append(" ").append(byKind).append("; first at ");
      out.append(String.format("%+.1fs: ", timeline.seconds(first.atNanos())));
      out.append(first.user()).append(' ');
      out.append(first.kind()).append(' ').append(first.detail());
    }
    return out.toString();
  }

  /** The share of the samples that {@code servedBy} answered, as "N of M (P%)". */
  static String share(List<Sample> samples, String servedBy) {
    long n = samples.stream().filter(s -> s.servedBy().equals(servedBy) && s.status() != 0).count();
    return String.format(
        "%d of %d (%.0f%%)", n, samples.size(), samples.isEmpty() ? 0 : 100.0 * n / samples.size());
  }
}
