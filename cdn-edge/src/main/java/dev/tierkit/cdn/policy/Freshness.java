package dev.tierkit.cdn.policy;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether a response may be stored by this shared cache, and for how long it stays usable (RFC 9111
 * §3, §4.2; RFC 9213; RFC 5861).
 *
 * <p>The decision, in order (the first rule that refuses gives the {@link Decision#reason()}):
 *
 * <ol>
 *   <li>Method: only GET responses are stored. A HEAD response carries no body, and this cache
 *       stores only full GET objects (reason {@code "head"}); others: {@code "method X"}.
 *   <li>Status: 1xx is not final, 304 is a revalidation answer, 206 is a partial object ({@code
 *       "partial"}: only full objects are stored), a code outside RFC 9110 is not understood.
 *   <li>Directives: {@code CDN-Cache-Control} when it has at least one directive (RFC 9213 §2.2:
 *       then Cache-Control <em>and Expires</em> are ignored), otherwise {@code Cache-Control}.
 *   <li>{@code no-store} in the request's Cache-Control or the chosen directives; unqualified
 *       {@code private}.
 *   <li>A request with Authorization, unless {@code public}, {@code s-maxage} or {@code
 *       must-revalidate} (RFC 9111 §3.5).
 *   <li>Set-Cookie, unless CDN-Cache-Control was given or {@code public}/{@code s-maxage} is
 *       (Varnish's builtin rule; the origin has then said the cookie may be shared).
 *   <li>{@code Vary: *}.
 *   <li>A status that is not heuristically cacheable (RFC 9110 §15.1) without explicit freshness
 *       ({@code max-age}, {@code s-maxage}, Expires or {@code public}).
 *   <li>A lifetime of 0 (or {@code no-cache}) without a validator (ETag or Last-Modified): it could
 *       never be reused, so storing it is waste.
 * </ol>
 *
 * <p>Lifetime (RFC 9111 §4.2.1): {@code s-maxage}, else {@code max-age}, else Expires minus Date
 * (Date absent or invalid: the response time; Expires invalid: already expired), else the
 * heuristic: {@code heuristicFraction × (Date − Last-Modified)} with Last-Modified, else the
 * default TTL. The result is clamped to the policy's [min, max] TTL whether it came from the origin
 * or not, as Varnish and ATS do with their TTL limits.
 *
 * <p>Age (RFC 9111 §4.2.3): {@code max(max(0, responseTime − Date), Age + (responseTime −
 * requestTime))}.
 *
 * <p>Stale windows: {@code stale-while-revalidate} from the chosen directives; {@code
 * stale-if-error} or the configured grace, whichever is longer. Both are 0 when the response must
 * be revalidated ({@code must-revalidate}, {@code proxy-revalidate}, {@code s-maxage} per RFC 9111
 * §5.2.2.10) or carries {@code no-cache} (RFC 9111 §4.2.4: a cache must not serve stale what a
 * directive forbids).
 */
public final class Freshness {
  private static final String CDN_CACHE_CONTROL = "cdn-cache-control";

  private Freshness() {}

  /**
   * A storage decision.
   *
   * @param storable whether the response may be stored
   * @param reason why not (short, e.g. {@code "no-store"}, {@code "set-cookie"}); {@code
   *     "storable"} when it may
   * @param lifetime its lifetime when storable, null otherwise
   */
  public record Decision(boolean storable, String reason, Lifetime lifetime) {
    static Decision refuse(String reason) {
      return new Decision(false, reason, null);
    }
  }

  /**
   * Decides whether the response to {@code method} with {@code request} headers may be stored, and
   * its lifetime.
   *
   * @param requestTimeMillis when the request was sent to the origin (RFC 9111 request_time)
   * @param responseTimeMillis when the response was received (response_time)
   */
  public static Decision decide(
      String method,
      HttpHeaders request,
      int status,
      HttpHeaders response,
      long requestTimeMillis,
      long responseTimeMillis,
      TtlPolicy ttl) {
    if (!"GET".equals(method)) {
      return Decision.refuse("HEAD".equals(method) ? "head" : "method " + method);
    }
    if (status < 200) {
      return Decision.refuse("status " + status + " not final");
    }
    if (status == 304) {
      return Decision.refuse("status 304 is a revalidation answer");
    }
    if (status == 206) {
      return Decision.refuse("partial");
    }
    if (!understood(status)) {
      return Decision.refuse("status " + status + " not understood");
    }
    CacheControl cdn = CacheControl.parse(response, CDN_CACHE_CONTROL);
    boolean targeted = !cdn.isEmpty();
    CacheControl cc = targeted ? cdn : CacheControl.parse(response, HttpHeaderNames.CACHE_CONTROL);
    if (cc.noStore()) {
      return Decision.refuse("no-store");
    }
    if (request.contains(HttpHeaderNames.CACHE_CONTROL)
        && CacheControl.parse(request, HttpHeaderNames.CACHE_CONTROL).noStore()) {
      return Decision.refuse("request no-store");
    }
    if (cc.privateDirective()) {
      return Decision.refuse("private");
    }
    boolean sharedExplicitly = cc.publicDirective() || cc.sMaxAge() >= 0;
    if (request.contains(HttpHeaderNames.AUTHORIZATION)
        && !sharedExplicitly
        && !cc.mustRevalidate()) {
      return Decision.refuse("authorization");
    }
    if (response.contains(HttpHeaderNames.SET_COOKIE) && !targeted && !sharedExplicitly) {
      return Decision.refuse("set-cookie");
    }
    if (Vary.isStar(Vary.names(response))) {
      return Decision.refuse("vary *");
    }
    String expires = targeted ? null : response.get(HttpHeaderNames.EXPIRES);
    boolean explicit = cc.sMaxAge() >= 0 || cc.maxAge() >= 0 || expires != null;
    if (!explicit && !cc.publicDirective() && !heuristicallyCacheable(status)) {
      return Decision.refuse("status " + status + " not cacheable by default");
    }

    long date = httpDate(response.get(HttpHeaderNames.DATE));
    long dateOrResponse = date >= 0 ? date : responseTimeMillis;
    String lastModifiedValue = response.get(HttpHeaderNames.LAST_MODIFIED);
    long fresh;
    if (cc.sMaxAge() >= 0) {
      fresh = cc.sMaxAge() * 1000;
    } else if (cc.maxAge() >= 0) {
      fresh = cc.maxAge() * 1000;
    } else if (expires != null) {
      long at = httpDate(expires);
      fresh = at < 0 ? 0 : Math.max(0, at - dateOrResponse);
    } else {
      long lastModified = httpDate(lastModifiedValue);
      if (lastModified >= 0) {
        fresh = (long) (ttl.heuristicFraction() * Math.max(0, dateOrResponse - lastModified));
      } else {
        fresh = ttl.defaultTtlMillis();
      }
    }
    fresh = ttl.clamp(fresh);

    boolean noCache = cc.noCache();
    boolean hasValidator = response.contains(HttpHeaderNames.ETAG) || lastModifiedValue != null;
    if ((fresh == 0 || noCache) && !hasValidator) {
      return Decision.refuse("expires at once, no validator");
    }

    boolean mustRevalidate = cc.mustRevalidate() || cc.proxyRevalidate() || cc.sMaxAge() >= 0;
    long swr = 0;
    long sie = 0;
    if (!mustRevalidate && !noCache) {
      swr = Math.max(0, cc.staleWhileRevalidate()) * 1000;
      sie = Math.max(Math.max(0, cc.staleIfError()) * 1000, ttl.graceMillis());
    }
    long initialAge = initialAgeMillis(response, date, requestTimeMillis, responseTimeMillis);
    return new Decision(
        true, "storable", new Lifetime(fresh, initialAge, swr, sie, mustRevalidate, noCache));
  }

  /** The directives this cache obeys in {@code response}: CDN-Cache-Control if it has any. */
  public static CacheControl chosenDirectives(HttpHeaders response) {
    CacheControl cdn = CacheControl.parse(response, CDN_CACHE_CONTROL);
    return cdn.isEmpty() ? CacheControl.parse(response, HttpHeaderNames.CACHE_CONTROL) : cdn;
  }

  /**
   * The corrected initial age (RFC 9111 §4.2.3) in milliseconds. {@code dateMillis} is the parsed
   * Date, or -1 when absent or invalid (apparent age 0).
   */
  static long initialAgeMillis(
      HttpHeaders response, long dateMillis, long requestTimeMillis, long responseTimeMillis) {
    long apparent = dateMillis < 0 ? 0 : Math.max(0, responseTimeMillis - dateMillis);
    long delay = Math.max(0, responseTimeMillis - requestTimeMillis);
    String age = response.get(HttpHeaderNames.AGE);
    long ageSeconds = -1;
    if (age != null) {
      String trimmed = age.trim();
      ageSeconds = CacheControl.parseDelta(trimmed, 0, trimmed.length());
    }
    long corrected = Math.max(0, ageSeconds) * 1000 + delay;
    return Math.max(apparent, corrected);
  }

  /**
   * A copy of {@code response} without the fields that a qualified {@code private="..."} or {@code
   * no-cache="..."} names (RFC 9111 §5.2.2.4, §5.2.2.7), for storing; {@code response} itself when
   * there are none.
   */
  public static HttpHeaders stripQualifiedFields(HttpHeaders response, CacheControl directives) {
    String a = directives.privateFields();
    String b = directives.noCacheFields();
    if (a == null && b == null) {
      return response;
    }
    HttpHeaders copy = new DefaultHttpHeaders().set(response);
    removeListed(copy, a);
    removeListed(copy, b);
    return copy;
  }

  private static void removeListed(HttpHeaders headers, String list) {
    if (list == null) {
      return;
    }
    for (String name : list.split(",", -1)) {
      String trimmed = name.trim();
      if (!trimmed.isEmpty()) {
        headers.remove(trimmed);
      }
    }
  }

  /**
   * The stored headers refreshed by a 304 (RFC 9111 §4.3.4, §3.2): a new header set in which every
   * field of {@code notModified} replaces the stored field of that name, and new fields are added.
   * Kept from the stored response whatever the 304 says: Content-Length, Transfer-Encoding,
   * Content-Range and Content-Encoding, since they describe the stored body, which a 304 does not
   * change. Hop-by-hop fields of the 304 (Connection, the fields it names, Keep-Alive, TE, Trailer,
   * Upgrade, Proxy-*) are not taken. Neither input is modified.
   */
  public static HttpHeaders updateFrom304(HttpHeaders stored, HttpHeaders notModified) {
    HttpHeaders merged = new DefaultHttpHeaders().set(stored);
    String connection = notModified.get(HttpHeaderNames.CONNECTION);
    // Remove each replaced name once, before adding the 304's values, so multi-line fields
    // in the 304 (several Link lines, say) all survive.
    Set<String> replaced = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> e : notModified) {
      String name = e.getKey();
      if (keepsStoredValue(name) || isHopByHop(name, connection)) {
        continue;
      }
      if (replaced.add(name)) {
        merged.remove(name);
      }
      merged.add(name, e.getValue());
    }
    return merged;
  }

  private static boolean keepsStoredValue(String name) {
    return name.equalsIgnoreCase("content-length")
        || name.equalsIgnoreCase("transfer-encoding")
        || name.equalsIgnoreCase("content-range")
        || name.equalsIgnoreCase("content-encoding");
  }

  private static boolean isHopByHop(String name, String connection) {
    if (name.equalsIgnoreCase("connection")
        || name.equalsIgnoreCase("keep-alive")
        || name.equalsIgnoreCase("te")
        || name.equalsIgnoreCase("trailer")
        || name.equalsIgnoreCase("upgrade")
        || name.regionMatches(true, 0, "proxy-", 0, 6)) {
      return true;
    }
    if (connection == null) {
      return false;
    }
    for (String token : connection.split(",", -1)) {
      if (token.trim().equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  /** The longest value Netty's DateFormatter accepts; it throws, rather than fails, beyond. */
  private static final int MAX_DATE_LENGTH = 64;

  /** Epoch millis of an HTTP-date in any of the three formats, -1 when absent or invalid. */
  static long httpDate(String value) {
    if (value == null || value.length() > MAX_DATE_LENGTH) {
      return -1;
    }
    Date d = DateFormatter.parseHttpDate(value);
    return d == null ? -1 : d.getTime();
  }

  /** RFC 9110 §15.1: codes cacheable without explicit freshness. */
  static boolean heuristicallyCacheable(int status) {
    switch (status) {
      case 200:
      case 203:
      case 204:
      case 206:
      case 300:
      case 301:
      case 308:
      case 404:
      case 405:
      case 410:
      case 414:
      case 501:
        return true;
      default:
        return false;
    }
  }

  /** The final status codes RFC 9110 §15 defines (plus 421/422/426 it registers). */
  static boolean understood(int status) {
    return (status >= 200 && status <= 206)
        || (status >= 300 && status <= 308 && status != 306)
        || (status >= 400 && status <= 417)
        || status == 421
        || status == 422
        || status == 426
        || (status >= 500 && status <= 505);
  }
}
