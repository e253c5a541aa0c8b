package dev.tierkit.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierkit.common.testing.PrometheusTextParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricRegistryTest {
  private final MetricRegistry registry = new MetricRegistry();

  @Test
  void sameCounterTwiceIsTheSameObject() {
    Counter a = registry.counter("x_total", "help", "k", "v");
    Counter b = registry.counter("x_total", "help", "k", "v");
    assertThat(a).isSameAs(b);
    a.increment();
    assertThat(b.value()).isEqualTo(1);
  }

  @Test
  void labelValuesAreEscapedAndStillParse() {
    registry.counter("odd_total", "help with \\ and\nnewline", "path", "a\"b\\c\nd").add(3);
    String text = registry.scrape();
    assertThat(text).contains("# HELP odd_total help with \\\\ and\\nnewline\n");
    assertThat(text).contains("odd_total{path=\"a\\\"b\\\\c\\nd\"} 3\n");
    assertThat(PrometheusTextParser.parse(text))
        .containsEntry("odd_total{path=\"a\\\"b\\\\c\\nd\"}", 3.0);
  }

  @Test
  void quotesInHelpTextStayBare() {
    registry.counter("q_total", "counts \"quoted\" things");
    assertThat(registry.scrape()).contains("# HELP q_total counts \"quoted\" things\n");
    assertThat(PrometheusTextParser.parse(registry.scrape())).containsEntry("q_total", 0.0);
  }

  @Test
  void gaugesAreReadAtScrapeTimeAndFormatted() {
    double[] value = {1.5};
    registry.gauge("g", "a gauge", () -> value[0]);
    registry.gauge("n", "not a number", () -> Double.NaN);
    registry.gauge("inf", "infinite", () -> Double.POSITIVE_INFINITY);
    assertThat(registry.scrape()).contains("g 1.5\n").contains("n NaN\n").contains("inf +Inf\n");
    value[0] = 7;
    Map<String, Double> parsed = PrometheusTextParser.parse(registry.scrape());
    assertThat(parsed).containsEntry("g", 7.0);
  }

  @Test
  void histogramExportsCumulativeBucketsWithLabels() {
    Histogram h = registry.histogram("size_bytes", "sizes", 2, 4, 1.0, "op", "set");
    h.record(3);
    h.record(4);
    h.record(9);
    h.record(100);
    Map<String, Double> parsed = PrometheusTextParser.parse(registry.scrape());
    assertThat(parsed)
        .containsEntry("size_bytes_bucket{op=\"set\",le=\"4\"}", 2.0)
        .containsEntry("size_bytes_bucket{op=\"set\",le=\"8\"}", 2.0)
        .containsEntry("size_bytes_bucket{op=\"set\",le=\"16\"}", 3.0)
        .containsEntry("size_bytes_bucket{op=\"set\",le=\"+Inf\"}", 4.0)
        .containsEntry("size_bytes_count{op=\"set\"}", 4.0)
        .containsEntry("size_bytes_sum{op=\"set\"}", 116.0);
  }

  @Test
  void misuseIsRejectedNamingTheMetric() {
    assertThatThrownBy(() -> registry.counter("no_suffix", "h")).hasMessageContaining("no_suffix");
    assertThatThrownBy(() -> registry.counter("bad-name_total", "h"))
        .hasMessageContaining("bad-name_total");
    assertThatThrownBy(() -> registry.counter("x_total", "h", "odd"))
        .hasMessageContaining("name/value pairs");
    assertThatThrownBy(() -> registry.counter("x_total", "h", "__reserved", "v"))
        .hasMessageContaining("__reserved");
    registry.counter("y_total", "h", "a", "1");
    assertThatThrownBy(() -> registry.counter("y_total", "h", "b", "1"))
        .hasMessageContaining("y_total");
    assertThatThrownBy(() -> registry.gauge("y_total", "h", () -> 1, "a", "1"))
        .hasMessageContaining("counter");
    registry.gauge("z", "h", () -> 1);
    assertThatThrownBy(() -> registry.gauge("z", "h", () -> 2))
        .hasMessageContaining("already registered");
    assertThatThrownBy(() -> registry.latencyHistogram("l_seconds", "h", "le", "1"))
        .hasMessageContaining("reserved");
  }

  @Test
  void countersNeverGoDown() {
    Counter c = registry.counter("c_total", "h");
    assertThatThrownBy(() -> c.add(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
