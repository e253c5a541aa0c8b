package dev.tierkit.common.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The metrics of one daemon, rendered in the Prometheus text exposition format (version 0.0.4).
 *
 * <p>Registration is the slow, synchronized path: it validates names and labels and returns the
 * metric object, which the caller keeps. Asking twice for the same counter or histogram (same name
 * and labels) returns the same object. A family is one metric name with its help text, type and
 * label names; every series of a family must use the same label names.
 *
 * <p>Labels are given as alternating names and values: {@code counter("x_total", "help", "cmd",
 * "get")}.
 */
public final class MetricRegistry {
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /** Bucket layout for latencies recorded in nanoseconds: about 1 microsecond up to 34 seconds. */
  private static final int LATENCY_MIN_EXPONENT = 10;

  private static final int LATENCY_MAX_EXPONENT = 35;

  /** The Content-Type of a scrape response in this format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Map<String, Family> families = new LinkedHashMap<>();

  enum Type {
    COUNTER("counter"),
    GAUGE("gauge"),
    HISTOGRAM("histogram");

    final String text;

    Type(String text) {
      this.text = text;
    }
  }

  record Series(List<String> labelValues, Object metric) {}

  static final class Family {
    final String name;
    final String help;
    final Type type;
    final List<String> labelNames;
    final Map<List<String>, Series> series = new LinkedHashMap<>();

    Family(String name, String help, Type type, List<String> labelNames) {
      this.name = name;
      this.help = help;
      this.type = type;
      this.labelNames = labelNames;
    }
  }

  /**
   * Registers (or returns the existing) counter. Counter names end in {@code _total}, as Prometheus
   * convention asks.
   */
  public synchronized Counter counter(String name, String help, String... labels) {
    if (!name.endsWith("_total")) {
      throw new IllegalArgumentException("counter name must end in _total: " + name);
    }
    return (Counter) register(name, help, Type.COUNTER, labels, Counter::new, true);
  }

  /**
   * Registers a counter whose value is read at scrape time from a source that already counts (CPU
   * time, a store's own totals). {@code value} must be cheap, thread-safe and never decrease.
   */
  public synchronized void counterFunction(
      String name, String help, DoubleSupplier value, String... labels) {
    if (!name.endsWith("_total")) {
      throw new IllegalArgumentException("counter name must end in _total: " + name);
    }
    register(name, help, Type.COUNTER, labels, () -> value, false);
  }

  /** Registers a gauge read at scrape time; {@code value} must be cheap and thread-safe. */
  public synchronized void gauge(String name, String help, DoubleSupplier value, String... labels) {
    register(name, help, Type.GAUGE, labels, () -> value, false);
  }

  /**
   * Registers (or returns the existing) latency histogram. Record nanoseconds; it is exported in
   * seconds, so the name should end in {@code _seconds}.
   */
  public synchronized Histogram latencyHistogram(String name, String help, String... labels) {
    return histogram(name, help, LATENCY_MIN_EXPONENT, LATENCY_MAX_EXPONENT, 1e-9, labels);
  }

  /**
   * Registers (or returns the existing) histogram with buckets {@code 2^minExponent ..
   * 2^maxExponent} in the recorded unit, exported multiplied by {@code scale}.
   */
  public synchronized Histogram histogram(
      String name, String help, int minExponent, int maxExponent, double scale, String... labels) {
    return (Histogram)
        register(
            name,
            help,
            Type.HISTOGRAM,
            labels,
            () -> new Histogram(minExponent, maxExponent, scale),
            true);
  }

  private Object register(
      String name,
      String help,
      Type type,
      String[] labels,
      Supplier<Object> factory,
      boolean reuse) {
    if (!METRIC_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid metric name: " + name);
    }
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException(
          "labels of " + name + " must be name/value pairs, got " + labels.length + " strings");
    }
    List<String> labelNames = new ArrayList<>();
    List<String> labelValues = new ArrayList<>();
    for (int i = 0; i < labels.length; i += 2) {
      String labelName = labels[i];
      if (!LABEL_NAME.matcher(labelName).matches() || labelName.startsWith("__")) {
        throw new IllegalArgumentException("invalid label name on " + name + ": " + labelName);
      }
      if (type == Type.HISTOGRAM && labelName.equals("le")) {
        throw new IllegalArgumentException("label 'le' is reserved for histogram buckets: " + name);
      }
      labelNames.add(labelName);
      labelValues.add(labels[i + 1]);
    }
    Family family = families.get(name);
    if (family == null) {
      family = new Family(name, help, type, List.copyOf(labelNames));
      families.put(name, family);
    } else if (family.type != type || !family.labelNames.equals(labelNames)) {
      throw new IllegalArgumentException(
          "metric "
              + name
              + " is already registered as a "
              + family.type.text
              + " with labels "
              + family.labelNames);
    }
    Series existing = family.series.get(labelValues);
    if (existing != null) {
      if (!reuse) {
        throw new IllegalArgumentException(
            family.type.text + " " + name + labelValues + " is already registered");
      }
      return existing.metric();
    }
    Object metric = factory.get();
    family.series.put(List.copyOf(labelValues), new Series(List.copyOf(labelValues), metric));
    return metric;
  }

  /** Writes every metric in the Prometheus text format. */
  public synchronized void writeTo(StringBuilder out) {
    for (Family family : families.values()) {
      PrometheusText.writeFamily(family, out);
    }
  }

  /** Every metric in the Prometheus text format. */
  public String scrape() {
    StringBuilder out = new StringBuilder(4096);
    writeTo(out);
    return out.toString();
  }
}
