package dev.tierkit.dist.demo.live;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One scrape of a process's Prometheus {@code /metrics}: every sample as a number, keyed by the
 * series as written ({@code name} or {@code name{label="value",...}}). Tolerant where the scrape is
 * not the demo's business (comments, timestamps, lines it cannot read are skipped): the demo reads
 * figures, it does not validate expositions; the daemons' own tests do that strictly.
 */
public final class Metrics {
  private final Map<String, Double> samples;

  private Metrics(Map<String, Double> samples) {
    this.samples = samples;
  }

  /** Parses the text exposition {@code text}. */
  public static Metrics parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      // The value follows the series; a label value may hold spaces, so split after the '}'.
      int close = line.lastIndexOf('}');
      int space = line.indexOf(' ', close < 0 ? 0 : close);
      if (space < 0) {
        continue;
      }
      String series = line.substring(0, space);
      String rest = line.substring(space + 1).trim();
      int end = rest.indexOf(' ');
      String value = end < 0 ? rest : rest.substring(0, end);
      try {
        samples.put(series, Double.parseDouble(value.replace("Inf", "Infinity")));
      } catch (NumberFormatException e) {
        // Not a number the demo can use; skip the line.
      }
    }
    return new Metrics(samples);
  }

  /**
   * Scrapes {@code url} with {@code http}; empty when the process does not answer 200 within {@code
   * timeout} (it is down, or starting).
   */
  public static Optional<Metrics> scrape(HttpClient http, URI url, Duration timeout) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(url).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(parse(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The value of the exact series {@code series}, or 0 when it is absent. */
  public double value(String series) {
    return samples.getOrDefault(series, 0.0);
  }

  /**
   * The sum over every series of metric {@code name} whose labels include each of {@code
   * labelPairs} ({@code "label", "value"}, ...); 0 when there is none.
   */
  public double sum(String name, String... labelPairs) {
    if (labelPairs.length % 2 != 0) {
      throw new IllegalArgumentException("labelPairs must be label, value pairs");
    }
    double total = 0;
    for (Map.Entry<String, Double> e : samples.entrySet()) {
      String series = e.getKey();
      if (!isOf(series, name)) {
        continue;
      }
      boolean matches = true;
      for (int i = 0; i < labelPairs.length && matches; i += 2) {
        matches = series.contains(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"");
      }
      if (matches) {
        total += e.getValue();
      }
    }
    return total;
  }

  /** How many series metric {@code name} has. */
  public long count(String name) {
    return samples.keySet().stream().filter(series -> isOf(series, name)).count();
  }

  private static boolean isOf(String series, String name) {
    return series.equals(name) || series.startsWith(name + "{");
  }

  /** Every sample, by series. */
  public Map<String, Double> samples() {
    return Map.copyOf(samples);
  }
}
