package dev.tierkit.common.testing;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: it rejects what a
 * Prometheus server would reject (bad names, bad label syntax or escapes, unparsable values, a
 * {@code # TYPE} after samples of its family or given twice, duplicate series) and checks that
 * histogram buckets are cumulative and end in {@code +Inf} equal to {@code _count}.
 *
 * <p>Series are keyed as {@code name{label="value",...}} with labels in the order written.
 */
public final class PrometheusTextParser {
  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME.pattern() + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME.pattern() + ") (.*)");
  private static final Pattern SAMPLE =
      Pattern.compile("(" + NAME.pattern() + ")(\\{(.*)\\})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\[\\\\\"n])*)\"");

  private PrometheusTextParser() {}

  /** Parses {@code text}; throws {@link IllegalArgumentException} naming the line at fault. */
  public static Map<String, Double> parse(String text) {
    Map<String, Double> samples = new LinkedHashMap<>();
    Map<String, String> types = new HashMap<>();
    Map<String, Boolean> familyHasSamples = new HashMap<>();
    String[] lines = text.split("\n", -1);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      throw new IllegalArgumentException("exposition must end with a newline");
    }
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int lineNo = i + 1;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        Matcher type = TYPE.matcher(line);
        if (type.matches()) {
          String family = type.group(1);
          if (types.put(family, type.group(2)) != null) {
            throw new IllegalArgumentException(lineNo + ": second TYPE for " + family);
          }
          if (familyHasSamples.containsKey(family)) {
            throw new IllegalArgumentException(lineNo + ": TYPE after samples of " + family);
          }
        } else if (line.startsWith("# TYPE")) {
          throw new IllegalArgumentException(lineNo + ": malformed TYPE line: " + line);
        } else if (line.startsWith("# HELP") && !HELP.matcher(line).matches()) {
          throw new IllegalArgumentException(lineNo + ": malformed HELP line: " + line);
        }
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      if (!sample.matches()) {
        throw new IllegalArgumentException(lineNo + ": malformed sample: " + line);
      }
      String name = sample.group(1);
      String key = name + canonicalLabels(sample.group(3), lineNo);
      double value = parseValue(sample.group(4), lineNo);
      if (samples.put(key, value) != null) {
        throw new IllegalArgumentException(lineNo + ": duplicate series " + key);
      }
      familyHasSamples.put(family(name, types), true);
    }
    checkHistograms(samples, types);
    return samples;
  }

  private static String family(String sampleName, Map<String, String> types) {
    for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
      if (sampleName.endsWith(suffix)) {
        String base = sampleName.substring(0, sampleName.length() - suffix.length());
        if ("histogram".equals(types.get(base))) {
          return base;
        }
      }
    }
    return sampleName;
  }

  private static String canonicalLabels(String labels, int lineNo) {
    if (labels == null) {
      return "";
    }
    StringBuilder out = new StringBuilder("{");
    Matcher m = LABEL.matcher(labels);
    int pos = 0;
    while (pos < labels.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException(lineNo + ": malformed labels: {" + labels + "}");
      }
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(m.group(1)).append("=\"").append(m.group(2)).append('"');
      pos = m.end();
      if (pos < labels.length()) {
        if (labels.charAt(pos) != ',') {
          throw new IllegalArgumentException(lineNo + ": malformed labels: {" + labels + "}");
        }
        pos++;
      }
    }
    return out.append('}').toString();
  }

  private static double parseValue(String text, int lineNo) {
    switch (text) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(lineNo + ": bad value " + text, e);
        }
    }
  }

  private static void checkHistograms(Map<String, Double> samples, Map<String, String> types) {
    types.forEach(
        (family, type) -> {
          if (!type.equals("histogram")) {
            return;
          }
          Map<String, Double> lastBucket = new HashMap<>();
          samples.forEach(
              (key, value) -> {
                if (!key.startsWith(family + "_bucket{")) {
                  return;
                }
                String series = key.replaceAll(",?le=\"[^\"]*\"", "");
                Double previous = lastBucket.put(series, value);
                if (previous != null && value < previous) {
                  throw new IllegalArgumentException("buckets of " + key + " are not cumulative");
                }
                if (key.contains("le=\"+Inf\"")) {
                  String countKey =
                      series.replace(family + "_bucket", family + "_count").replace("{}", "");
                  Double count = samples.get(countKey);
                  if (count == null || count.doubleValue() != value.doubleValue()) {
                    throw new IllegalArgumentException(
                        "+Inf bucket of " + series + " is " + value + " but _count is " + count);
                  }
                }
              });
        });
  }
}
