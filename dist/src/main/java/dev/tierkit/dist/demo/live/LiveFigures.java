package dev.tierkit.dist.demo.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierkit.dist.demo.DemoProcesses;
import dev.tierkit.dist.demo.DemoTopology;
import dev.tierkit.dist.demo.DemoTopology.Daemon;
import dev.tierkit.dist.demo.DemoTopology.DataCenter;
import dev.tierkit.dist.demo.DemoTopology.WebServer;
import dev.tierkit.dist.demo.HostPort;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The demo's live figures: once a second, every process of a {@link DemoTopology} is scraped (the
 * daemons' {@code admin/metrics}, the web servers' {@code listen/metrics}, the worker's admin port)
 * and the latest {@link Snapshot} is kept for the status page ({@link #toJson()}).
 *
 * <p>Design: a scrape round asks every running process at once, each with a {@value #TIMEOUT_MS} ms
 * timeout, so a hung or dead process costs the round at most that, never the second. Each process
 * keeps its last answered scrape and when it was taken; a counter's rate is its increase since then
 * divided by the time since then. A counter that went down means the process restarted and counts
 * from zero again, so its increase is its new value (a rate is never negative). A process that is
 * down, or answered only once so far, has no rate: its figures are {@code null} (absent), never a
 * zero that would read as "healthy and idle".
 *
 * <p>The CDN hit ratio is (HIT + STALE) / (HIT + STALE + MISS + EXPIRED): the requests the edge
 * could have answered from cache. PASS (uncacheable by the origin's say-so), PURGE and ERROR are
 * not lookups and are left out, so that the ratio says how well the cache does, not how much of the
 * traffic is cacheable. The cache-server hit ratio is get hits / (hits + misses).
 *
 * <p>Thread safety: the snapshot is replaced atomically (a volatile field); {@link #refresh()} is
 * called by the one scheduler thread, or by a test, never by both.
 */
public final class LiveFigures implements AutoCloseable {
  /** How long a process has to answer its scrape. */
  static final int TIMEOUT_MS = 400;

  /** How many timeline lines the snapshot keeps, the latest. */
  static final int TIMELINE_LINES = 40;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The counter each kind's {@link ProcessStatus#ratePerSecond()} is the rate of. */
  private static final Map<String, String> MAIN_RATE =
      Map.of(
          "cache-server", "lookups_total",
          "mq-broker", "published_total",
          "demo-worker", "jobs_done_total");

  private final DemoTopology topology;
  private final Function<String, OptionalLong> runningPid;
  private final Function<URI, Optional<Metrics>> scraper;
  private final Supplier<TrafficFigures> traffic;
  private final Supplier<List<String>> timeline;
  private final Clock clock;
  private final Map<String, Reading> lastAnswered = new HashMap<>();
  private final ScheduledExecutorService ticker;
  private final ExecutorService scrapers;
  private Reading lastTraffic;
  private volatile Snapshot snapshot;

  /** A process's derived counters and gauges from one answered scrape, and when it was taken. */
  private record Reading(long atMillis, Map<String, Double> values) {}

  /**
   * Figures for the processes of {@code topology} run by {@code processes}, with the simulated
   * users' totals from {@code traffic} and the running scenario's timeline from {@code timeline}
   * (either may return an empty result). Nothing is scraped until {@link #start()}.
   */
  public LiveFigures(
      DemoTopology topology,
      DemoProcesses processes,
      Supplier<TrafficFigures> traffic,
      Supplier<List<String>> timeline) {
    this(
        topology,
        name -> runningPid(processes, name),
        httpScraper(),
        traffic,
        timeline,
        Clock.systemUTC());
  }

  /**
   * The collector with its parts given: {@code runningPid} is a process's PID while it runs (empty
   * when it does not), {@code scraper} reads one {@code /metrics} URL (empty when it does not
   * answer), {@code clock} times the rates.
   */
  LiveFigures(
      DemoTopology topology,
      Function<String, OptionalLong> runningPid,
      Function<URI, Optional<Metrics>> scraper,
      Supplier<TrafficFigures> traffic,
      Supplier<List<String>> timeline,
      Clock clock) {
    this.topology = topology;
    this.runningPid = runningPid;
    this.scraper = scraper;
    this.traffic = traffic;
    this.timeline = timeline;
    this.clock = clock;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-live-figures");
              t.setDaemon(true);
              return t;
            });
    AtomicInteger number = new AtomicInteger();
    // One thread per process at most: a round's scrapes run side by side, none waits for another.
    this.scrapers =
        Executors.newFixedThreadPool(
            topology.nodes().size(),
            r -> {
              Thread t = new Thread(r, "demo-live-scrape-" + number.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.snapshot = build(clock.millis(), Map.of(), Map.of(), Map.of(), null);
  }

  private static OptionalLong runningPid(DemoProcesses processes, String name) {
    if (!processes.isRunning(name)) {
      return OptionalLong.empty();
    }
    Long pid = processes.pids().get(name);
    return pid == null ? OptionalLong.empty() : OptionalLong.of(pid);
  }

  private static Function<URI, Optional<Metrics>> httpScraper() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(TIMEOUT_MS)).build();
    return url -> Metrics.scrape(http, url, Duration.ofMillis(TIMEOUT_MS));
  }

  /** Scrapes now and then once a second until {@link #close()}; returns this. */
  public LiveFigures start() {
    ticker.scheduleAtFixedRate(this::refreshQuietly, 0, 1, TimeUnit.SECONDS);
    return this;
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      // One bad round (a supplier that threw) must not end the schedule; the next one retries.
    }
  }

  /** The latest figures. */
  public Snapshot snapshot() {
    return snapshot;
  }

  /** The latest figures as JSON, the status page's feed. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(snapshot);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the live figures as JSON", e);
    }
  }

  /** Stops scraping at once. */
  @Override
  public void close() {
    ticker.shutdownNow();
    scrapers.shutdownNow();
  }

  /** Scrapes every process once, replaces the snapshot and returns it. */
  Snapshot refresh() {
    Map<String, URI> urls = metricsUrls(topology);
    Map<String, OptionalLong> pids = new LinkedHashMap<>();
    Map<String, CompletableFuture<Optional<Metrics>>> scrapes = new LinkedHashMap<>();
    for (Map.Entry<String, URI> e : urls.entrySet()) {
      OptionalLong pid = runningPid.apply(e.getKey());
      pids.put(e.getKey(), pid);
      if (pid.isPresent()) {
        scrapes.put(
            e.getKey(), CompletableFuture.supplyAsync(() -> scraper.apply(e.getValue()), scrapers));
      }
    }
    Map<String, Metrics> answered = new LinkedHashMap<>();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS * 2L);
    for (Map.Entry<String, CompletableFuture<Optional<Metrics>>> e : scrapes.entrySet()) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        e.getValue()
            .get(left, TimeUnit.NANOSECONDS)
            .ifPresent(metrics -> answered.put(e.getKey(), metrics));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException | TimeoutException ex) {
        // Not answered in time: the process counts as down this round.
        e.getValue().cancel(true);
      }
    }
    long now = clock.millis();
    Map<String, Reading> current = new HashMap<>();
    Map<String, Reading> previous = new HashMap<>();
    for (Map.Entry<String, Metrics> e : answered.entrySet()) {
      Reading reading = new Reading(now, valuesOf(kindOf(e.getKey()), e.getValue()));
      current.put(e.getKey(), reading);
      Reading before = lastAnswered.put(e.getKey(), reading);
      if (before != null) {
        previous.put(e.getKey(), before);
      }
    }
    TrafficFigures users = traffic.get();
    Reading usersNow = new Reading(now, trafficValues(users));
    Reading usersBefore = lastTraffic;
    lastTraffic = usersNow;
    Snapshot next =
        build(
            now,
            pids,
            current,
            previous,
            new UserInputs(users, usersNow, usersBefore, timeline.get()));
    snapshot = next;
    return next;
  }

  /** The {@code /metrics} URL of every process of {@code topology}, by name, in table order. */
  static Map<String, URI> metricsUrls(DemoTopology topology) {
    Map<String, URI> urls = new LinkedHashMap<>();
    DemoTopology.Shared shared = topology.shared();
    for (Daemon d : List.of(shared.cache(), shared.mq(), shared.worker(), shared.dns())) {
      urls.put(d.name(), d.admin().http("/metrics"));
    }
    for (DataCenter dc : topology.dataCenters()) {
      urls.put(dc.edge().name(), dc.edge().admin().http("/metrics"));
      urls.put(dc.lb().name(), dc.lb().admin().http("/metrics"));
      for (WebServer web : dc.webs()) {
        HostPort listen = web.listen();
        urls.put(web.name(), listen.http("/metrics"));
      }
    }
    return urls;
  }

  private String kindOf(String name) {
    for (DemoTopology.Node node : topology.nodes()) {
      if (node.name().equals(name)) {
        return node.kind();
      }
    }
    throw new IllegalArgumentException("no process named " + name);
  }

  /**
   * The figures the page shows of one process kind, read from its scrape. Names ending in {@code
   * _total} are counters (turned into rates), the others gauges.
   */
  static Map<String, Double> valuesOf(String kind, Metrics m) {
    Map<String, Double> v = new HashMap<>();
    switch (kind) {
      case "cdn-edge" -> {
        String name = "tierkit_cdn_requests_total";
        double hits = m.sum(name, "cache", "HIT") + m.sum(name, "cache", "STALE");
        v.put("requests_total", m.sum(name));
        v.put("hits_total", hits);
        v.put(
            "lookups_total", hits + m.sum(name, "cache", "MISS") + m.sum(name, "cache", "EXPIRED"));
      }
      case "lb" -> {
        v.put("requests_total", m.sum("tierkit_lb_http_requests_total"));
        v.put("5xx_total", m.sum("tierkit_lb_http_requests_total", "code", "5xx"));
        v.put("backends_up", m.sum("tierkit_lb_backend_up"));
        v.put("backends", (double) m.count("tierkit_lb_backend_up"));
      }
      case "cache-server" -> {
        double hits = m.sum("tierkit_cache_get_hits_total");
        v.put("hits_total", hits);
        v.put("lookups_total", hits + m.sum("tierkit_cache_get_misses_total"));
        v.put("items", m.sum("tierkit_cache_items"));
      }
      case "mq-broker" -> {
        v.put("published_total", m.sum("tierkit_mq_published_total"));
        v.put("ready", m.sum("tierkit_mq_messages_ready"));
        v.put("consumers", m.sum("tierkit_mq_consumers"));
      }
      case "dns-geo" -> {
        v.put("requests_total", m.sum("tierkit_dns_queries_total"));
        for (Map.Entry<String, Double> e : m.samples().entrySet()) {
          String series = e.getKey();
          String prefix = "tierkit_dns_geo_answers_total{";
          int at = series.indexOf("datacenter=\"");
          if (series.startsWith(prefix) && at > 0) {
            int from = at + "datacenter=\"".length();
            String dc = series.substring(from, series.indexOf('"', from));
            v.merge("answers:" + dc + "_total", e.getValue(), Double::sum);
          }
        }
      }
      case "demo-web" -> {
        String name = "demo_web_requests_total";
        // The lb's health checks and our own scrapes are not traffic.
        v.put(
            "requests_total",
            m.sum(name) - m.sum(name, "route", "health") - m.sum(name, "route", "metrics"));
      }
      case "demo-worker" -> {
        v.put("jobs_done_total", m.sum("demo_worker_jobs_done_total"));
        v.put("connected", m.sum("demo_worker_broker_connected"));
      }
      default -> {
        // A kind the page has no figures for: it still shows up or down.
      }
    }
    return v;
  }

  private Map<String, Double> trafficValues(TrafficFigures t) {
    Map<String, Double> v = new HashMap<>();
    v.put("requests_total", (double) t.requests());
    v.put("failures_total", (double) t.failures());
    v.put("jobs_submitted_total", (double) t.jobsSubmitted());
    v.put("jobs_done_total", (double) t.jobsDone());
    // A data center nobody was served by yet has served none, not an unknown number.
    for (DataCenter dc : topology.dataCenters()) {
      v.put("served:" + dc.name() + "_total", 0.0);
    }
    t.servedBy().forEach((dc, n) -> v.put("served:" + dc + "_total", (double) n));
    return v;
  }

  /**
   * The increase of a counter from {@code before} to {@code now}: a counter that went down was
   * reset by a restart, and has counted {@code now} since.
   */
  static double increase(double before, double now) {
    return now >= before ? now - before : now;
  }

  /**
   * Per second over the interval, or null when there is no earlier reading, no time passed, or the
   * process has no such counter.
   */
  private static Double rate(Reading before, Reading now, String key) {
    if (before == null
        || now == null
        || now.atMillis() <= before.atMillis()
        || !now.values().containsKey(key)) {
      return null;
    }
    double seconds = (now.atMillis() - before.atMillis()) / 1000.0;
    return increase(before.values().getOrDefault(key, 0.0), now.values().getOrDefault(key, 0.0))
        / seconds;
  }

  /**
   * Increase of {@code hits} over increase of {@code lookups}; null without both, or no lookups.
   */
  private static Double ratio(Reading before, Reading now, String hits, String lookups) {
    if (before == null || now == null) {
      return null;
    }
    double h =
        increase(before.values().getOrDefault(hits, 0.0), now.values().getOrDefault(hits, 0.0));
    double n =
        increase(
            before.values().getOrDefault(lookups, 0.0), now.values().getOrDefault(lookups, 0.0));
    return n > 0 ? h / n : null;
  }

  private static Double gauge(Reading now, String key) {
    return now == null ? null : now.values().get(key);
  }

  private record UserInputs(
      TrafficFigures totals, Reading now, Reading before, List<String> timeline) {}

  private Snapshot build(
      long now,
      Map<String, OptionalLong> pids,
      Map<String, Reading> current,
      Map<String, Reading> previous,
      UserInputs users) {
    List<ProcessStatus> processes = new ArrayList<>();
    for (DemoTopology.Node node : topology.nodes()) {
      OptionalLong pid = pids.getOrDefault(node.name(), OptionalLong.empty());
      Reading reading = current.get(node.name());
      String key = MAIN_RATE.getOrDefault(node.kind(), "requests_total");
      processes.add(
          new ProcessStatus(
              node.name(),
              node.kind(),
              node.dataCenter(),
              pid.isPresent() && reading != null,
              pid.isPresent() ? pid.getAsLong() : null,
              rate(previous.get(node.name()), reading, key)));
    }
    DemoTopology.Shared shared = topology.shared();
    Reading dnsNow = current.get(shared.dns().name());
    Reading dnsBefore = previous.get(shared.dns().name());
    List<DataCenterFigures> dcs = new ArrayList<>();
    for (DataCenter dc : topology.dataCenters()) {
      Reading edge = current.get(dc.edge().name());
      Reading edgeBefore = previous.get(dc.edge().name());
      Reading lb = current.get(dc.lb().name());
      Reading lbBefore = previous.get(dc.lb().name());
      Double up = gauge(lb, "backends_up");
      Double count = gauge(lb, "backends");
      dcs.add(
          new DataCenterFigures(
              dc.name(),
              rate(edgeBefore, edge, "requests_total"),
              ratio(edgeBefore, edge, "hits_total", "lookups_total"),
              rate(lbBefore, lb, "requests_total"),
              rate(lbBefore, lb, "5xx_total"),
              up == null ? null : up.intValue(),
              count == null ? null : count.intValue(),
              rate(dnsBefore, dnsNow, "answers:" + dc.name() + "_total")));
    }
    Reading cache = current.get(shared.cache().name());
    Reading cacheBefore = previous.get(shared.cache().name());
    Double sinceStart = null;
    if (cache != null && cache.values().get("lookups_total") > 0) {
      sinceStart = cache.values().get("hits_total") / cache.values().get("lookups_total");
    }
    Reading mq = current.get(shared.mq().name());
    Reading mqBefore = previous.get(shared.mq().name());
    Reading worker = current.get(shared.worker().name());
    Reading workerBefore = previous.get(shared.worker().name());
    SharedFigures sharedFigures =
        new SharedFigures(
            ratio(cacheBefore, cache, "hits_total", "lookups_total"),
            sinceStart,
            longOf(gauge(cache, "items")),
            longOf(gauge(mq, "ready")),
            rate(mqBefore, mq, "published_total"),
            longOf(gauge(mq, "consumers")),
            rate(workerBefore, worker, "jobs_done_total"));
    UserFigures userFigures;
    List<String> lines = List.of();
    if (users == null) {
      userFigures = new UserFigures(null, null, 0, Map.of(), 0, 0);
    } else {
      Map<String, Double> servedBy = new LinkedHashMap<>();
      for (DataCenter dc : topology.dataCenters()) {
        servedBy.put(
            dc.name(), rate(users.before(), users.now(), "served:" + dc.name() + "_total"));
      }
      userFigures =
          new UserFigures(
              rate(users.before(), users.now(), "requests_total"),
              rate(users.before(), users.now(), "failures_total"),
              users.totals().failures(),
              servedBy,
              users.totals().jobsSubmitted(),
              users.totals().jobsDone());
      List<String> all = users.timeline();
      lines = List.copyOf(all.subList(Math.max(0, all.size() - TIMELINE_LINES), all.size()));
    }
    return new Snapshot(now, processes, dcs, sharedFigures, userFigures, lines);
  }

  private static Long longOf(Double value) {
    return value == null ? null : Math.round(value);
  }

  /**
   * One round of figures. Every figure is {@code null} when it is not known: its process is down,
   * or has answered only one scrape so far (a rate needs two).
   *
   * @param atMillis when the round was taken (epoch milliseconds)
   * @param processes every process of the topology, in table order
   * @param dataCenters per data center, in topology order
   * @param shared the services both data centers share
   * @param users what the simulated users saw
   * @param timeline the running scenario's latest lines, oldest first (at most {@value
   *     #TIMELINE_LINES})
   */
  public record Snapshot(
      long atMillis,
      List<ProcessStatus> processes,
      List<DataCenterFigures> dataCenters,
      SharedFigures shared,
      UserFigures users,
      List<String> timeline) {
    /** Copies the lists. */
    public Snapshot {
      processes = List.copyOf(processes);
      dataCenters = List.copyOf(dataCenters);
      timeline = List.copyOf(timeline);
    }

    /** The process named {@code name}. */
    public ProcessStatus process(String name) {
      return processes.stream()
          .filter(p -> p.name().equals(name))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no process named " + name));
    }

    /** The figures of data center {@code name}. */
    public DataCenterFigures dataCenter(String name) {
      return dataCenters.stream()
          .filter(d -> d.name().equals(name))
          .findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no data center named " + name));
    }
  }

  /**
   * One process: up when it runs and answered its scrape this round; {@code pid} null when it does
   * not run; {@code ratePerSecond} its main rate: client requests for edges, lbs and web servers
   * (not health checks or scrapes), queries for dns-geo, gets for cache-server, publishes for
   * mq-broker, jobs done for the worker.
   */
  public record ProcessStatus(
      String name, String kind, String dc, boolean up, Long pid, Double ratePerSecond) {}

  /**
   * One data center: its edge's requests/s and hit ratio, its lb's requests/s, 5xx answers/s and
   * backends up out of all, and dns-geo's answers/s sending clients to it.
   */
  public record DataCenterFigures(
      String name,
      Double edgeRequestsPerSecond,
      Double cdnHitRatio,
      Double lbRequestsPerSecond,
      Double lb5xxPerSecond,
      Integer lbBackendsUp,
      Integer lbBackends,
      Double dnsAnswersPerSecond) {}

  /**
   * The shared services: cache-server's get hit ratio over the last interval and since it started,
   * its items; mq-broker's ready messages (it does not expose unacknowledged ones), published/s and
   * consumers; the worker's jobs done/s.
   */
  public record SharedFigures(
      Double cacheHitRatio,
      Double cacheHitRatioSinceStart,
      Long cacheItems,
      Long queueReady,
      Double mqPublishedPerSecond,
      Long mqConsumers,
      Double workerJobsPerSecond) {}

  /**
   * The simulated users: requests and failures per second, failures in all, requests answered per
   * data center per second, jobs submitted and done in all.
   */
  public record UserFigures(
      Double requestsPerSecond,
      Double failuresPerSecond,
      long failures,
      Map<String, Double> servedByPerSecond,
      long jobsSubmitted,
      long jobsDone) {
    /** Copies the map, keeping its order; a null value (no rate yet) stays null. */
    public UserFigures {
      servedByPerSecond = Collections.unmodifiableMap(new LinkedHashMap<>(servedByPerSecond));
    }
  }
}
