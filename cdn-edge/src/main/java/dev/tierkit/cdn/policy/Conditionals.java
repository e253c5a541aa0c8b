package dev.tierkit.cdn.policy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Iterator;

/**
 * Evaluates a request's preconditions against a stored response's validators (RFC 9110 §13).
 *
 * <p>Order (RFC 9110 §13.2.2): If-Match (strong comparison; {@code *} matches any stored
 * representation) → 412 when false; else If-Unmodified-Since (ignored without Last-Modified or with
 * an invalid date) → 412 when the object changed after it; then If-None-Match (weak comparison;
 * {@code *} matches any) → 304 for GET/HEAD, 412 for other methods, when it matches; else, for
 * GET/HEAD only, If-Modified-Since → 304 when Last-Modified is not after it. Dates are compared at
 * second precision; invalid dates make the field count as absent. RFC 9110 §13.1.3 also says to
 * ignore an If-Modified-Since later than the server's clock; this class has no clock, so it does
 * not (a future date then yields 304 only if Last-Modified is not later, which is the answer a
 * clock check would usually reach anyway).
 *
 * <p>Entity-tag lists are parsed in place without allocation; malformed members are skipped. The
 * stored ETag is compared as written, so an unquoted one (a non-conforming origin) never matches.
 */
public final class Conditionals {
  private Conditionals() {}

  /** What a conditional request gets. */
  public enum Outcome {
    /** Conditions hold (or there are none): serve normally. */
    PROCEED,
    /** 304 Not Modified. */
    NOT_MODIFIED,
    /** 412 Precondition Failed. */
    PRECONDITION_FAILED
  }

  /**
   * Evaluates the preconditions of {@code request} against a stored response's {@code etag} and
   * {@code lastModified} (either may be null).
   */
  public static Outcome evaluate(
      String method, HttpHeaders request, String etag, String lastModified) {
    boolean getOrHead = "GET".equals(method) || "HEAD".equals(method);
    if (request.contains(HttpHeaderNames.IF_MATCH)) {
      if (!anyLineMatches(request, HttpHeaderNames.IF_MATCH, etag, true)) {
        return Outcome.PRECONDITION_FAILED;
      }
    } else if (lastModified != null) {
      long since = seconds(request.get(HttpHeaderNames.IF_UNMODIFIED_SINCE));
      long modified = seconds(lastModified);
      if (since >= 0 && modified >= 0 && modified > since) {
        return Outcome.PRECONDITION_FAILED;
      }
    }
    if (request.contains(HttpHeaderNames.IF_NONE_MATCH)) {
      if (anyLineMatches(request, HttpHeaderNames.IF_NONE_MATCH, etag, false)) {
        return getOrHead ? Outcome.NOT_MODIFIED : Outcome.PRECONDITION_FAILED;
      }
    } else if (getOrHead && lastModified != null) {
      long since = seconds(request.get(HttpHeaderNames.IF_MODIFIED_SINCE));
      long modified = seconds(lastModified);
      if (since >= 0 && modified >= 0 && modified <= since) {
        return Outcome.NOT_MODIFIED;
      }
    }
    return Outcome.PROCEED;
  }

  /**
   * Whether a Range may be honoured under {@code ifRange} (RFC 9110 §13.1.5); true when {@code
   * ifRange} is null. An entity-tag matches only strongly: both tags strong and equal (a weak
   * stored ETag never matches). A date matches only when it equals Last-Modified exactly (at second
   * precision); this overload takes the stored Last-Modified as a strong validator. An invalid
   * If-Range is false, so the client gets the full representation.
   */
  public static boolean ifRangeAllows(String ifRange, String etag, String lastModified) {
    return ifRangeAllows(ifRange, etag, lastModified, null);
  }

  /**
   * Like {@link #ifRangeAllows(String, String, String)}, but with the stored response's Date: a
   * Last-Modified is a strong validator only when Date is at least one second later (RFC 9110
   * §8.8.2.2), so an If-Range date matches only then. A null {@code date} skips that check.
   */
  public static boolean ifRangeAllows(
      String ifRange, String etag, String lastModified, String date) {
    if (ifRange == null) {
      return true;
    }
    String v = ifRange.trim();
    if (v.startsWith("\"") || v.startsWith("W/")) {
      if (etag == null || v.startsWith("W/")) {
        return false;
      }
      int end = v.indexOf('"', 1);
      if (end < 0 || end != v.length() - 1) {
        return false;
      }
      return strongMatches(v, 0, v.length(), etag);
    }
    long since = seconds(v);
    long modified = seconds(lastModified);
    if (since < 0 || modified < 0 || since != modified) {
      return false;
    }
    if (date != null) {
      long dated = seconds(date);
      return dated >= 0 && dated >= modified + 1;
    }
    return true;
  }

  private static boolean anyLineMatches(
      HttpHeaders request, CharSequence name, String etag, boolean strong) {
    Iterator<String> it = request.valueStringIterator(name);
    while (it.hasNext()) {
      if (listMatches(it.next(), etag, strong)) {
        return true;
      }
    }
    return false;
  }

  /*
   * Scans an If-Match / If-None-Match list: "*" or members of the form [W/]"opaque", separated by
   * commas and optional whitespace. Each member is compared in place against the stored tag.
   */
  static boolean listMatches(String list, String etag, boolean strong) {
    int n = list.length();
    int i = 0;
    while (i < n) {
      char c = list.charAt(i);
      if (c == ',' || c == ' ' || c == '\t') {
        i++;
        continue;
      }
      if (c == '*') {
        if (etag != null) {
          return true;
        }
        i++;
        continue;
      }
      int start = i;
      boolean weak = false;
      if (c == 'W' && i + 1 < n && list.charAt(i + 1) == '/') {
        weak = true;
        i += 2;
      }
      if (i < n && list.charAt(i) == '"') {
        int close = list.indexOf('"', i + 1);
        if (close < 0) {
          return false;
        }
        int end = close + 1;
        if (etag != null) {
          boolean match =
              strong
                  ? !weak && strongMatches(list, start, end, etag)
                  : weakMatches(list, start + (weak ? 2 : 0), end, etag);
          if (match) {
            return true;
          }
        }
        i = end;
      } else {
        // Not an entity-tag: skip to the next comma.
        int comma = list.indexOf(',', i);
        i = comma < 0 ? n : comma + 1;
      }
    }
    return false;
  }

  /** {@code tag[from, to)} is a strong quoted tag; equal to a strong stored {@code etag}. */
  private static boolean strongMatches(String tag, int from, int to, String etag) {
    String stored = etag.trim();
    if (stored.startsWith("W/")) {
      return false;
    }
    return stored.length() == to - from && stored.regionMatches(0, tag, from, to - from);
  }

  /** {@code tag[from, to)} is a quoted opaque-tag (W/ already removed). */
  private static boolean weakMatches(String tag, int from, int to, String etag) {
    String stored = etag.trim();
    int s = stored.startsWith("W/") ? 2 : 0;
    int len = stored.length() - s;
    return len == to - from && stored.regionMatches(s, tag, from, len);
  }

  /** Whole seconds of an HTTP-date, -1 when absent or invalid. */
  private static long seconds(String date) {
    long millis = Freshness.httpDate(date);
    return millis < 0 ? -1 : millis / 1000;
  }
}
