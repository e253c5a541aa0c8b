package dev.tierkit.dist.demo.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierkit.dist.demo.DemoTopology;
import dev.tierkit.dist.demo.live.LiveFigures.Snapshot;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The figures' arithmetic with hand-written scrapes and a hand-moved clock: rates are increases per
 * second, a counter that went down is a restart, a process that is down has no figures.
 */
class LiveFiguresTest {
  private final DemoTopology topology = DemoTopology.allocate();
  private final Map<String, URI> urls = LiveFigures.metricsUrls(topology);
  private final Map<URI, String> scrapes = new HashMap<>();
  private final Map<String, Long> running = new HashMap<>();
  private final AtomicReference<TrafficFigures> traffic =
      new AtomicReference<>(TrafficFigures.NONE);
  private final List<String> timeline = new ArrayList<>();
  private final ManualClock clock = new ManualClock();
  private final LiveFigures figures =
      new LiveFigures(
          topology,
          name ->
              running.containsKey(name) ? OptionalLong.of(running.get(name)) : OptionalLong.empty(),
          url -> Optional.ofNullable(scrapes.get(url)).map(Metrics::parse),
          traffic::get,
          () -> List.copyOf(timeline),
          clock);

  /** A clock that moves only when told. */
  private static final class ManualClock extends Clock {
    private long millis = 1_000_000;

    void advanceMillis(long ms) {
      millis += ms;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @AfterEach
  void stop() {
    figures.close();
  }

  /** Every process runs (pid 100, 101, ...) and answers an empty scrape. */
  private void everythingRunsAndAnswers() {
    long pid = 100;
    for (Map.Entry<String, URI> e : urls.entrySet()) {
      running.put(e.getKey(), pid++);
      scrapes.put(e.getValue(), "");
    }
  }

  private void scrape(String process, String text) {
    scrapes.put(urls.get(process), text);
  }

  private static String edge(long hit, long stale, long miss, long expired, long pass) {
    return String.join(
        "\n",
        "# TYPE tierkit_cdn_requests_total counter",
        "tierkit_cdn_requests_total{cache=\"HIT\"} " + hit,
        "tierkit_cdn_requests_total{cache=\"STALE\"} " + stale,
        "tierkit_cdn_requests_total{cache=\"MISS\"} " + miss,
        "tierkit_cdn_requests_total{cache=\"EXPIRED\"} " + expired,
        "tierkit_cdn_requests_total{cache=\"PASS\"} " + pass,
        "tierkit_cdn_requests_total{cache=\"PURGE\"} 0",
        "tierkit_cdn_requests_total{cache=\"ERROR\"} 0",
        "");
  }

  private static String lb(long ok, long errors, int... up) {
    StringBuilder text = new StringBuilder();
    text.append("tierkit_lb_http_requests_total{frontend=\"main\",code=\"2xx\"} ")
        .append(ok)
        .append('\n');
    text.append("tierkit_lb_http_requests_total{frontend=\"main\",code=\"5xx\"} ")
        .append(errors)
        .append('\n');
    for (int i = 0; i < up.length; i++) {
      text.append("tierkit_lb_backend_up{pool=\"main\",backend=\"b")
          .append(i)
          .append("\"} ")
          .append(up[i])
          .append('\n');
    }
    return text.toString();
  }

  @Test
  void firstRoundHasGaugesAndStateButNoRatesYet() {
    everythingRunsAndAnswers();
    scrape("edge-us-east", edge(10, 0, 5, 0, 3));
    scrape("cache", "tierkit_cache_items 42\ntierkit_cache_get_hits_total 3\n");

    Snapshot s = figures.refresh();

    assertThat(s.processes()).hasSize(topology.nodes().size()).allMatch(p -> p.up());
    assertThat(s.process("cache").pid()).isEqualTo(100L);
    assertThat(s.dataCenter("us-east").edgeRequestsPerSecond()).isNull();
    assertThat(s.dataCenter("us-east").cdnHitRatio()).isNull();
    assertThat(s.shared().cacheItems()).isEqualTo(42L);
    assertThat(s.shared().cacheHitRatioSinceStart()).isEqualTo(1.0);
    assertThat(s.users().requestsPerSecond()).isNull();
  }

  @Test
  void countersBecomeIncreasesPerSecondOverTheInterval() {
    everythingRunsAndAnswers();
    scrape("edge-us-east", edge(10, 0, 5, 0, 100));
    scrape("lb-eu-west", lb(50, 1, 1, 1));
    figures.refresh();

    clock.advanceMillis(2000);
    // +15 HIT, +5 STALE, +5 MISS, +0 EXPIRED, +25 PASS: 50 requests, 20 hits of 25 lookups.
    scrape("edge-us-east", edge(25, 5, 10, 0, 125));
    scrape("lb-eu-west", lb(70, 5, 1, 0));
    Snapshot s = figures.refresh();

    assertThat(s.dataCenter("us-east").edgeRequestsPerSecond()).isCloseTo(25.0, within(1e-9));
    assertThat(s.dataCenter("us-east").cdnHitRatio())
        .as("PASS is not a cache lookup")
        .isCloseTo(0.8, within(1e-9));
    assertThat(s.process("edge-us-east").ratePerSecond()).isCloseTo(25.0, within(1e-9));
    assertThat(s.dataCenter("eu-west").lbRequestsPerSecond()).isCloseTo(12.0, within(1e-9));
    assertThat(s.dataCenter("eu-west").lb5xxPerSecond()).isCloseTo(2.0, within(1e-9));
    assertThat(s.dataCenter("eu-west").lbBackendsUp()).isEqualTo(1);
    assertThat(s.dataCenter("eu-west").lbBackends()).isEqualTo(2);
  }

  @Test
  void counterThatWentDownIsARestartAndCountsFromItsNewValue() {
    everythingRunsAndAnswers();
    scrape("lb-us-east", lb(500, 10, 1, 1));
    figures.refresh();

    clock.advanceMillis(1000);
    scrape("lb-us-east", lb(20, 0, 1, 1));
    Snapshot s = figures.refresh();

    assertThat(s.dataCenter("us-east").lbRequestsPerSecond()).isCloseTo(20.0, within(1e-9));
    assertThat(s.dataCenter("us-east").lb5xxPerSecond()).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void processThatIsDownHasNoFiguresRatherThanZeros() {
    everythingRunsAndAnswers();
    scrape("edge-eu-west", edge(10, 0, 0, 0, 0));
    scrape("mq", "tierkit_mq_messages_ready 3\ntierkit_mq_consumers 1\n");
    figures.refresh();
    clock.advanceMillis(1000);
    figures.refresh();

    clock.advanceMillis(1000);
    running.remove("edge-eu-west");
    scrapes.remove(urls.get("mq"));
    Snapshot s = figures.refresh();

    assertThat(s.process("edge-eu-west").up()).isFalse();
    assertThat(s.process("edge-eu-west").pid()).isNull();
    assertThat(s.dataCenter("eu-west").edgeRequestsPerSecond()).isNull();
    assertThat(s.process("mq").up()).as("running but not answering").isFalse();
    assertThat(s.process("mq").pid()).isNotNull();
    assertThat(s.shared().queueReady()).isNull();
    assertThat(s.shared().mqConsumers()).isNull();
    assertThat(s.process("edge-us-east").up()).isTrue();
  }

  @Test
  void processBackAfterAnOutageIsRatedAgainstItsLastAnsweredScrape() {
    everythingRunsAndAnswers();
    scrape("edge-us-east", edge(100, 0, 0, 0, 0));
    figures.refresh();
    long pid = running.remove("edge-us-east");
    clock.advanceMillis(1000);
    figures.refresh();

    clock.advanceMillis(1000);
    running.put("edge-us-east", pid + 1000);
    scrape("edge-us-east", edge(8, 0, 0, 0, 0));
    Snapshot s = figures.refresh();

    assertThat(s.process("edge-us-east").up()).isTrue();
    assertThat(s.dataCenter("us-east").edgeRequestsPerSecond())
        .as("restarted: 8 counted since, over the 2 s since the last answer")
        .isCloseTo(4.0, within(1e-9));
  }

  @Test
  void cacheHitRatioIsOverTheIntervalAndSinceStart() {
    everythingRunsAndAnswers();
    scrape("cache", "tierkit_cache_get_hits_total 90\ntierkit_cache_get_misses_total 10\n");
    figures.refresh();
    clock.advanceMillis(1000);
    scrape("cache", "tierkit_cache_get_hits_total 95\ntierkit_cache_get_misses_total 15\n");

    Snapshot s = figures.refresh();

    assertThat(s.shared().cacheHitRatio()).isCloseTo(0.5, within(1e-9));
    assertThat(s.shared().cacheHitRatioSinceStart()).isCloseTo(95.0 / 110, within(1e-9));
  }

  @Test
  void dnsAnswersAndQueueFiguresAreReadFromTheirDaemons() {
    everythingRunsAndAnswers();
    String dns =
        "tierkit_dns_geo_answers_total{datacenter=\"us-east\"} 10\n"
            + "tierkit_dns_geo_answers_total{datacenter=\"eu-west\"} 4\n";
    scrape("dns", dns);
    scrape("mq", "tierkit_mq_published_total 7\n");
    scrape("worker", "demo_worker_jobs_done_total 2\n");
    figures.refresh();
    clock.advanceMillis(500);
    scrape(
        "dns",
        "tierkit_dns_geo_answers_total{datacenter=\"us-east\"} 10\n"
            + "tierkit_dns_geo_answers_total{datacenter=\"eu-west\"} 9\n");
    scrape(
        "mq",
        "tierkit_mq_published_total 12\ntierkit_mq_messages_ready 4\ntierkit_mq_consumers 1\n");
    scrape("worker", "demo_worker_jobs_done_total 3\n");

    Snapshot s = figures.refresh();

    assertThat(s.dataCenter("us-east").dnsAnswersPerSecond()).isCloseTo(0.0, within(1e-9));
    assertThat(s.dataCenter("eu-west").dnsAnswersPerSecond()).isCloseTo(10.0, within(1e-9));
    assertThat(s.shared().mqPublishedPerSecond()).isCloseTo(10.0, within(1e-9));
    assertThat(s.shared().queueReady()).isEqualTo(4L);
    assertThat(s.shared().mqConsumers()).isEqualTo(1L);
    assertThat(s.shared().workerJobsPerSecond()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void usersFiguresAreRatesOfTheirTotalsAndTheTimelineKeepsItsLatestLines() {
    everythingRunsAndAnswers();
    traffic.set(new TrafficFigures(100, 1, Map.of("us-east", 60L, "eu-west", 39L), 5, 3, 1));
    figures.refresh();
    clock.advanceMillis(2000);
    traffic.set(new TrafficFigures(140, 3, Map.of("us-east", 80L, "eu-west", 57L), 6, 5, 4));
    for (int i = 0; i < LiveFigures.TIMELINE_LINES + 5; i++) {
      timeline.add("line " + i);
    }

    Snapshot s = figures.refresh();

    assertThat(s.users().requestsPerSecond()).isCloseTo(20.0, within(1e-9));
    assertThat(s.users().failuresPerSecond()).isCloseTo(1.0, within(1e-9));
    assertThat(s.users().failures()).isEqualTo(3);
    assertThat(s.users().servedByPerSecond())
        .containsExactly(Map.entry("us-east", 10.0), Map.entry("eu-west", 9.0));
    assertThat(s.users().jobsSubmitted()).isEqualTo(5);
    assertThat(s.users().jobsDone()).isEqualTo(4);
    assertThat(s.timeline())
        .hasSize(LiveFigures.TIMELINE_LINES)
        .startsWith("line 5")
        .endsWith("line " + (LiveFigures.TIMELINE_LINES + 4));
  }

  @Test
  void jsonListsEveryProcessWithNullForUnknownFigures() throws Exception {
    everythingRunsAndAnswers();
    running.remove("web-2");
    figures.refresh();

    JsonNode json = new ObjectMapper().readTree(figures.toJson());

    assertThat(json.get("processes")).hasSize(topology.nodes().size());
    JsonNode web2 = null;
    for (JsonNode p : json.get("processes")) {
      if (p.get("name").asText().equals("web-2")) {
        web2 = p;
      }
    }
    assertThat(web2).isNotNull();
    assertThat(web2.get("up").asBoolean()).isFalse();
    assertThat(web2.get("pid").isNull()).isTrue();
    assertThat(json.get("dataCenters").get(0).get("name").asText()).isEqualTo("us-east");
    assertThat(json.get("dataCenters").get(0).get("edgeRequestsPerSecond").isNull()).isTrue();
    assertThat(json.get("timeline").isArray()).isTrue();
  }
}
