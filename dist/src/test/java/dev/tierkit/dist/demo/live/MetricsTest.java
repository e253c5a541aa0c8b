package dev.tierkit.dist.demo.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricsTest {
  private static final String TEXT =
      """
      # HELP tierkit_cdn_requests_total Requests by cache result.
      # TYPE tierkit_cdn_requests_total counter
      tierkit_cdn_requests_total{cache="HIT"} 7
      tierkit_cdn_requests_total{cache="MISS"} 3
      tierkit_mq_messages_ready 12
      tierkit_lb_backend_up{pool="default",backend="127.1.0.11:1"} 1
      tierkit_lb_backend_up{pool="default",backend="127.1.0.12:2"} 0
      odd_label{path="/a b"} 2.5 1700000000000
      hist_bucket{le="+Inf"} 4
      not a sample line
      broken{x="1"} notanumber
      """;

  @Test
  void readsExactSeriesAndSumsOverLabels() {
    Metrics m = Metrics.parse(TEXT);
    assertThat(m.value("tierkit_mq_messages_ready")).isEqualTo(12);
    assertThat(m.value("tierkit_cdn_requests_total{cache=\"HIT\"}")).isEqualTo(7);
    assertThat(m.sum("tierkit_cdn_requests_total")).isEqualTo(10);
    assertThat(m.sum("tierkit_cdn_requests_total", "cache", "MISS")).isEqualTo(3);
    assertThat(m.sum("tierkit_lb_backend_up", "pool", "default")).isEqualTo(1);
    assertThat(m.count("tierkit_lb_backend_up")).isEqualTo(2);
    assertThat(m.count("tierkit_lb_backend")).isZero();
    assertThat(m.value("odd_label{path=\"/a b\"}")).isEqualTo(2.5);
    assertThat(m.value("hist_bucket{le=\"+Inf\"}")).isEqualTo(4);
  }

  @Test
  void absentSeriesAreZeroAndUnreadableLinesSkipped() {
    Metrics m = Metrics.parse(TEXT);
    assertThat(m.value("nothing_here")).isZero();
    assertThat(m.sum("tierkit_cdn")).isZero();
    assertThat(m.samples()).doesNotContainKey("broken{x=\"1\"}");
    assertThat(Metrics.parse("").samples()).isEmpty();
  }
}
