package dev.tierkit.cdn.policy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The secondary cache key of RFC 9111 §4.1: the request header values a response's Vary names.
 *
 * <p>Variant key layout: for each Vary name, in the response's order, one segment; segments are
 * joined by {@code '\n'}, which cannot occur in a field value (RFC 9110 §5.5). A segment is empty
 * when the request lacks the field, and {@code '='} followed by the value when it has it, so
 * "absent" and "present but empty" are different variants. The value is the request's field lines
 * joined by {@code ", "}, each list member trimmed (RFC 9111 §4.1 allows normalising whitespace
 * around commas), empty members dropped; case is kept (values may be case-sensitive).
 *
 * <p>{@code Accept-Encoding} is reduced to {@code =gzip} when the request accepts gzip (q > 0,
 * directly or through {@code *}) and to {@code =} otherwise, whether the field is absent or not.
 * Like Varnish's {@code http_gzip_support}, this keeps a URL that varies on Accept-Encoding at two
 * variants instead of one per browser's spelling of the field. (The origin is assumed to answer
 * with gzip or identity; a {@code br} response stored under the gzip variant would be served to
 * clients that sent gzip only, so the integrator should ask the origin for gzip at most.)
 */
public final class Vary {
  private static final List<String> STAR = List.of("*");
  private static final String ACCEPT_ENCODING = "accept-encoding";

  private Vary() {}

  /**
   * The names the response's Vary lines list: lower case, trimmed, without duplicates, in order;
   * {@code List.of("*")} when one of them is {@code *}; empty when there is no Vary.
   */
  public static List<String> names(HttpHeaders response) {
    if (!response.contains(HttpHeaderNames.VARY)) {
      return List.of();
    }
    List<String> names = new ArrayList<>(2);
    // getAll keeps field-line order (DefaultHttpHeaders' value iterator runs backwards).
    for (String line : response.getAll(HttpHeaderNames.VARY)) {
      int start = 0;
      while (start <= line.length()) {
        int comma = line.indexOf(',', start);
        int end = comma < 0 ? line.length() : comma;
        String name = line.substring(start, end).trim().toLowerCase(Locale.ROOT);
        if (name.equals("*")) {
          return STAR;
        }
        if (!name.isEmpty() && !names.contains(name)) {
          names.add(name);
        }
        start = end + 1;
      }
    }
    return List.copyOf(names);
  }

  /** Whether {@code names} is the Vary: * list, which no request can match. */
  public static boolean isStar(List<String> names) {
    return names.size() == 1 && names.get(0).equals("*");
  }

  /** The variant key of {@code request} for the Vary {@code names}; "" when there are none. */
  public static String variantKey(List<String> names, HttpHeaders request) {
    if (names.isEmpty()) {
      return "";
    }
    StringBuilder key = new StringBuilder(32);
    for (int i = 0; i < names.size(); i++) {
      if (i > 0) {
        key.append('\n');
      }
      String name = names.get(i);
      if (name.equals(ACCEPT_ENCODING)) {
        key.append('=');
        if (acceptsGzip(request)) {
          key.append("gzip");
        }
        continue;
      }
      if (!request.contains(name)) {
        continue;
      }
      key.append('=');
      boolean first = true;
      for (String line : request.getAll(name)) {
        int start = 0;
        while (start <= line.length()) {
          int comma = line.indexOf(',', start);
          int end = comma < 0 ? line.length() : comma;
          int s = start;
          int e = end;
          while (s < e && isSpace(line.charAt(s))) {
            s++;
          }
          while (e > s && isSpace(line.charAt(e - 1))) {
            e--;
          }
          if (e > s) {
            if (!first) {
              key.append(", ");
            }
            key.append(line, s, e);
            first = false;
          }
          start = end + 1;
        }
      }
    }
    return key.toString();
  }

  /**
   * Whether the request's Accept-Encoding admits gzip (RFC 9110 §12.5.3): {@code gzip} or {@code
   * x-gzip} with q > 0, or, when gzip is not listed, {@code *} with q > 0. Absent: false (the
   * identity variant).
   */
  static boolean acceptsGzip(HttpHeaders request) {
    if (!request.contains(HttpHeaderNames.ACCEPT_ENCODING)) {
      return false;
    }
    double gzipQ = -1;
    double starQ = -1;
    Iterator<String> it = request.valueStringIterator(HttpHeaderNames.ACCEPT_ENCODING);
    while (it.hasNext()) {
      String line = it.next();
      int start = 0;
      while (start <= line.length()) {
        int comma = line.indexOf(',', start);
        int end = comma < 0 ? line.length() : comma;
        int semi = line.indexOf(';', start);
        int codingEnd = semi >= 0 && semi < end ? semi : end;
        String coding = line.substring(start, codingEnd).trim();
        if (coding.equalsIgnoreCase("gzip") || coding.equalsIgnoreCase("x-gzip")) {
          gzipQ = Math.max(gzipQ, qValue(line, codingEnd, end));
        } else if (coding.equals("*")) {
          starQ = Math.max(starQ, qValue(line, codingEnd, end));
        }
        start = end + 1;
      }
    }
    return gzipQ >= 0 ? gzipQ > 0 : starQ > 0;
  }

  /** The q parameter in {@code line[from, to)} (";q=0.5"); 1 when absent, 0 when unreadable. */
  private static double qValue(String line, int from, int to) {
    int i = from;
    while (i < to) {
      int semi = line.indexOf(';', i);
      if (semi < 0 || semi >= to) {
        return 1;
      }
      int next = line.indexOf(';', semi + 1);
      int paramEnd = next < 0 || next > to ? to : next;
      String param = line.substring(semi + 1, paramEnd).trim();
      if (param.length() >= 2 && (param.charAt(0) == 'q' || param.charAt(0) == 'Q')) {
        String rest = param.substring(1).trim();
        if (rest.startsWith("=")) {
          try {
            double q = Double.parseDouble(rest.substring(1).trim());
            return q >= 0 && q <= 1 ? q : 0;
          } catch (NumberFormatException e) {
            return 0;
          }
        }
      }
      i = paramEnd;
    }
    return 1;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }
}
