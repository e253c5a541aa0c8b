package dev.tierkit.common.metrics;

import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * Renders metric families in the Prometheus text exposition format 0.0.4: {@code # HELP} and {@code
 * # TYPE} lines, then one sample a line; histograms as cumulative {@code _bucket{le=...}} series
 * plus {@code _sum} and {@code _count}.
 */
final class PrometheusText {
  private PrometheusText() {}

  static void writeFamily(MetricRegistry.Family family, StringBuilder out) {
    out.append("# HELP ").append(family.name).append(' ');
    escape(family.help, false, out);
    out.append('\n');
    out.append("# TYPE ").append(family.name).append(' ').append(family.type.text).append('\n');
    for (MetricRegistry.Series series : family.series.values()) {
      switch (family.type) {
        case COUNTER -> {
          sampleName(family.name, "", family.labelNames, series.labelValues(), null, out);
          out.append(' ');
          if (series.metric() instanceof Counter counter) {
            out.append(counter.value());
          } else {
            formatDouble(((DoubleSupplier) series.metric()).getAsDouble(), out);
          }
          out.append('\n');
        }
        case GAUGE -> {
          sampleName(family.name, "", family.labelNames, series.labelValues(), null, out);
          out.append(' ');
          formatDouble(((DoubleSupplier) series.metric()).getAsDouble(), out);
          out.append('\n');
        }
        case HISTOGRAM -> writeHistogram(family, series, (Histogram) series.metric(), out);
      }
    }
  }

  private static void writeHistogram(
      MetricRegistry.Family family,
      MetricRegistry.Series series,
      Histogram histogram,
      StringBuilder out) {
    long cumulative = 0;
    int finite = histogram.finiteBucketCount();
    for (int i = 0; i <= finite; i++) {
      cumulative += histogram.bucketCount(i);
      StringBuilder le = new StringBuilder();
      if (i == finite) {
        le.append("+Inf");
      } else {
        formatDouble(histogram.upperBound(i), le);
      }
      sampleName(
          family.name, "_bucket", family.labelNames, series.labelValues(), le.toString(), out);
      out.append(' ').append(cumulative).append('\n');
    }
    sampleName(family.name, "_sum", family.labelNames, series.labelValues(), null, out);
    out.append(' ');
    formatDouble(histogram.sum(), out);
    out.append('\n');
    sampleName(family.name, "_count", family.labelNames, series.labelValues(), null, out);
    out.append(' ').append(cumulative).append('\n');
  }

  private static void sampleName(
      String name,
      String suffix,
      List<String> labelNames,
      List<String> labelValues,
      String le,
      StringBuilder out) {
    out.append(name).append(suffix);
    if (labelNames.isEmpty() && le == null) {
      return;
    }
    out.append('{');
    for (int i = 0; i < labelNames.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(labelNames.get(i)).append("=\"");
      escape(labelValues.get(i), true, out);
      out.append('"');
    }
    if (le != null) {
      if (!labelNames.isEmpty()) {
        out.append(',');
      }
      out.append("le=\"").append(le).append('"');
    }
    out.append('}');
  }

  static void formatDouble(double value, StringBuilder out) {
    if (Double.isNaN(value)) {
      out.append("NaN");
    } else if (Double.isInfinite(value)) {
      out.append(value > 0 ? "+Inf" : "-Inf");
    } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      out.append((long) value);
    } else {
      out.append(value);
    }
  }

  /**
   * Escapes text as the format asks: backslash and newline everywhere, and the double quote too
   * inside a label value (help text may contain a bare quote).
   */
  private static void escape(String text, boolean labelValue, StringBuilder out) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        out.append("\\\\");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '"' && labelValue) {
        out.append("\\\"");
      } else {
        out.append(c);
      }
    }
  }
}
