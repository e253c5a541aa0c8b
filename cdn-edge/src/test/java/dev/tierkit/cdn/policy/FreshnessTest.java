package dev.tierkit.cdn.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FreshnessTest {
  /** Request sent at T, response received 2 s later. */
  private static final long T = 1_700_000_000_000L;

  private static final long RECEIVED = T + 2_000;

  private static String date(long millis) {
    return DateFormatter.format(new Date(millis));
  }

  private static HttpHeaders headers(String... namesAndValues) {
    HttpHeaders h = new DefaultHttpHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }

  private static Freshness.Decision decide(int status, HttpHeaders response) {
    return decide(new DefaultHttpHeaders(), status, response);
  }

  private static Freshness.Decision decide(HttpHeaders request, int status, HttpHeaders response) {
    return Freshness.decide("GET", request, status, response, T, RECEIVED, TtlPolicy.DEFAULTS);
  }

  private static Lifetime lifetime(HttpHeaders response) {
    Freshness.Decision d = decide(200, response);
    assertThat(d.storable()).as(d.reason()).isTrue();
    return d.lifetime();
  }

  @Test
  void onlyGetResponsesAreStored() {
    HttpHeaders r = headers("cache-control", "max-age=60");
    assertThat(decide(200, r).storable()).isTrue();
    Freshness.Decision head =
        Freshness.decide("HEAD", new DefaultHttpHeaders(), 200, r, T, RECEIVED, TtlPolicy.DEFAULTS);
    assertThat(head.storable()).isFalse();
    assertThat(head.reason()).isEqualTo("head");
    assertThat(head.lifetime()).isNull();
    Freshness.Decision post =
        Freshness.decide("POST", new DefaultHttpHeaders(), 200, r, T, RECEIVED, TtlPolicy.DEFAULTS);
    assertThat(post.reason()).isEqualTo("method POST");
  }

  @ParameterizedTest(name = "[{index}] status {0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "100|status 100 not final",
        "206|partial",
        "304|status 304 is a revalidation answer",
        "299|status 299 not understood",
        "599|status 599 not understood",
      })
  void nonFinalPartialAndUnknownStatusesAreNotStored(int status, String reason) {
    Freshness.Decision d = decide(status, headers("cache-control", "max-age=60"));
    assertThat(d.storable()).isFalse();
    assertThat(d.reason()).isEqualTo(reason);
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 203, 204, 300, 301, 308, 404, 405, 410, 414, 501})
  void heuristicallyCacheableStatusesAreStoredWithoutExplicitFreshness(int status) {
    Freshness.Decision d = decide(status, headers("etag", "\"a\""));
    assertThat(d.storable()).as(d.reason()).isTrue();
    assertThat(d.lifetime().freshMillis()).isEqualTo(120_000);
  }

  @ParameterizedTest
  @ValueSource(ints = {201, 302, 303, 307, 400, 403, 500, 502, 503})
  void otherStatusesNeedExplicitFreshness(int status) {
    Freshness.Decision plain = decide(status, headers("etag", "\"a\""));
    assertThat(plain.storable()).isFalse();
    assertThat(plain.reason()).isEqualTo("status " + status + " not cacheable by default");
    assertThat(decide(status, headers("cache-control", "max-age=5")).storable()).isTrue();
    assertThat(decide(status, headers("cache-control", "s-maxage=5")).storable()).isTrue();
    assertThat(decide(status, headers("expires", date(T + 60_000))).storable()).isTrue();
    assertThat(decide(status, headers("cache-control", "public", "etag", "\"a\"")).storable())
        .isTrue();
  }

  @Test
  void noStoreInResponseOrRequestRefuses() {
    assertThat(decide(200, headers("cache-control", "no-store, max-age=60")).reason())
        .isEqualTo("no-store");
    Freshness.Decision d =
        decide(headers("cache-control", "no-store"), 200, headers("cache-control", "max-age=60"));
    assertThat(d.storable()).isFalse();
    assertThat(d.reason()).isEqualTo("request no-store");
  }

  @Test
  void unqualifiedPrivateRefusesButFieldNamedPrivateDoesNot() {
    assertThat(decide(200, headers("cache-control", "private, max-age=60")).reason())
        .isEqualTo("private");
    assertThat(decide(200, headers("cache-control", "private=\"x-user\", max-age=60")).storable())
        .isTrue();
  }

  @Test
  void authorizedRequestNeedsPublicSMaxAgeOrMustRevalidate() {
    HttpHeaders auth = headers("authorization", "Bearer x");
    assertThat(decide(auth, 200, headers("cache-control", "max-age=60")).reason())
        .isEqualTo("authorization");
    assertThat(decide(auth, 200, headers("cache-control", "public, max-age=60")).storable())
        .isTrue();
    assertThat(decide(auth, 200, headers("cache-control", "s-maxage=60")).storable()).isTrue();
    assertThat(
            decide(auth, 200, headers("cache-control", "must-revalidate, max-age=60")).storable())
        .isTrue();
  }

  @Test
  void setCookieRefusesUnlessTheOriginSharedItExplicitly() {
    assertThat(decide(200, headers("set-cookie", "a=b", "cache-control", "max-age=60")).reason())
        .isEqualTo("set-cookie");
    assertThat(
            decide(200, headers("set-cookie", "a=b", "cache-control", "public, max-age=60"))
                .storable())
        .isTrue();
    assertThat(decide(200, headers("set-cookie", "a=b", "cache-control", "s-maxage=60")).storable())
        .isTrue();
    assertThat(
            decide(200, headers("set-cookie", "a=b", "cdn-cache-control", "max-age=60")).storable())
        .isTrue();
  }

  @Test
  void varyStarRefuses() {
    assertThat(decide(200, headers("cache-control", "max-age=60", "vary", "accept, *")).reason())
        .isEqualTo("vary *");
  }

  @Test
  void cdnCacheControlReplacesCacheControlAndExpires() {
    Lifetime l =
        lifetime(
            headers(
                "cache-control", "no-store, max-age=5",
                "expires", date(T),
                "cdn-cache-control", "max-age=600"));
    assertThat(l.freshMillis()).isEqualTo(600_000);
    assertThat(
            decide(200, headers("cache-control", "max-age=600", "cdn-cache-control", "no-store"))
                .reason())
        .isEqualTo("no-store");
    assertThat(
            decide(200, headers("cache-control", "max-age=600", "cdn-cache-control", "private"))
                .reason())
        .isEqualTo("private");
  }

  @Test
  void extensionOnlyCdnCacheControlStillReplacesCacheControl() {
    // A valid, non-empty targeted field wins (RFC 9213 §2.2) even if this cache knows none of it:
    // the Cache-Control max-age is ignored and the default TTL applies.
    Lifetime l = lifetime(headers("cache-control", "max-age=30", "cdn-cache-control", "x-ext"));
    assertThat(l.freshMillis()).isEqualTo(120_000);
  }

  @Test
  void emptyCdnCacheControlFallsBackToCacheControl() {
    Lifetime l = lifetime(headers("cache-control", "max-age=30", "cdn-cache-control", ",,"));
    assertThat(l.freshMillis()).isEqualTo(30_000);
  }

  @Test
  void freshnessPrefersSMaxAgeThenMaxAgeThenExpires() {
    HttpHeaders all =
        headers(
            "cache-control", "max-age=20, s-maxage=10",
            "date", date(T),
            "expires", date(T + 30_000));
    assertThat(lifetime(all).freshMillis()).isEqualTo(10_000);
    HttpHeaders noShared =
        headers("cache-control", "max-age=20", "date", date(T), "expires", date(T + 30_000));
    assertThat(lifetime(noShared).freshMillis()).isEqualTo(20_000);
    HttpHeaders expiresOnly =
        headers("date", date(T), "expires", date(T + 30_000), "etag", "\"e\"");
    assertThat(lifetime(expiresOnly).freshMillis()).isEqualTo(30_000);
  }

  @Test
  void expiresWithoutDateCountsFromTheResponseTime() {
    assertThat(lifetime(headers("expires", date(RECEIVED + 50_000))).freshMillis())
        .isEqualTo(50_000);
  }

  @Test
  void invalidOrPastExpiresMeansAlreadyExpired() {
    assertThat(lifetime(headers("expires", "0", "etag", "\"e\"")).freshMillis()).isZero();
    assertThat(lifetime(headers("expires", "-1", "etag", "\"e\"")).freshMillis()).isZero();
    assertThat(
            lifetime(headers("date", date(T), "expires", date(T - 5_000), "etag", "\"e\""))
                .freshMillis())
        .isZero();
  }

  @Test
  void expiresInAnyOfTheThreeDateFormatsIsRead() {
    // RFC 9110 §5.6.7's example dates: IMF-fixdate, obsolete RFC 850 and asctime.
    HttpHeaders date = headers("date", "Sun, 06 Nov 1994 08:49:37 GMT");
    for (String expires :
        new String[] {
          "Sun, 06 Nov 1994 08:50:37 GMT",
          "Sunday, 06-Nov-94 08:50:37 GMT",
          "Sun Nov  6 08:50:37 1994"
        }) {
      HttpHeaders r = new DefaultHttpHeaders().set(date).add("expires", expires);
      assertThat(lifetime(r).freshMillis()).as(expires).isEqualTo(60_000);
    }
  }

  @Test
  void overlongDatesAreInvalidNotFatal() {
    // DateFormatter throws past 64 characters; an origin's junk Expires must not.
    String junk = "Sun, 06 Nov 1994 08:49:37 GMT" + " ".repeat(10) + "x".repeat(40);
    assertThat(lifetime(headers("expires", junk, "etag", "\"e\"")).freshMillis()).isZero();
    assertThat(lifetime(headers("date", junk, "cache-control", "max-age=5")).initialAgeMillis())
        .isEqualTo(2_000);
  }

  @Test
  void lastModifiedHeuristicTakesAFractionOfTheAgeAtTheOrigin() {
    HttpHeaders r = headers("date", date(T), "last-modified", date(T - 1_000_000));
    assertThat(lifetime(r).freshMillis()).isEqualTo(100_000);
    HttpHeaders future = headers("date", date(T), "last-modified", date(T + 1_000_000));
    assertThat(lifetime(future).freshMillis()).isZero();
  }

  @Test
  void noExplicitFreshnessAndNoLastModifiedGetsTheDefaultTtl() {
    assertThat(lifetime(headers()).freshMillis()).isEqualTo(120_000);
  }

  @Test
  void ttlClampsApplyToExplicitAndHeuristicLifetimes() {
    TtlPolicy p = new TtlPolicy(1_000, 10_000, 60_000, 0, 0.1);
    Freshness.Decision explicitLong =
        Freshness.decide(
            "GET",
            new DefaultHttpHeaders(),
            200,
            headers("cache-control", "max-age=3600"),
            T,
            RECEIVED,
            p);
    assertThat(explicitLong.lifetime().freshMillis()).isEqualTo(60_000);
    Freshness.Decision explicitZero =
        Freshness.decide(
            "GET",
            new DefaultHttpHeaders(),
            200,
            headers("cache-control", "max-age=0"),
            T,
            RECEIVED,
            p);
    assertThat(explicitZero.lifetime().freshMillis()).isEqualTo(10_000);
    Freshness.Decision heuristic =
        Freshness.decide("GET", new DefaultHttpHeaders(), 200, headers(), T, RECEIVED, p);
    assertThat(heuristic.lifetime().freshMillis()).isEqualTo(10_000);
  }

  @Test
  void zeroLifetimeIsStoredOnlyWithAValidator() {
    Freshness.Decision none = decide(200, headers("cache-control", "max-age=0"));
    assertThat(none.storable()).isFalse();
    assertThat(none.reason()).isEqualTo("expires at once, no validator");
    assertThat(lifetime(headers("cache-control", "max-age=0", "etag", "\"v1\"")).freshMillis())
        .isZero();
    assertThat(
            lifetime(headers("cache-control", "max-age=0", "last-modified", date(T))).freshMillis())
        .isZero();
  }

  @Test
  void noCacheIsStoredButMarkedAndNeverServedStale() {
    Lifetime l =
        lifetime(
            headers(
                "cache-control",
                "no-cache, max-age=60, stale-while-revalidate=30, stale-if-error=30",
                "etag",
                "\"v\""));
    assertThat(l.noCache()).isTrue();
    assertThat(l.staleWhileRevalidateMillis()).isZero();
    assertThat(l.staleIfErrorMillis()).isZero();
    assertThat(decide(200, headers("cache-control", "no-cache")).reason())
        .isEqualTo("expires at once, no validator");
    Lifetime qualified = lifetime(headers("cache-control", "no-cache=\"set-cookie\", max-age=5"));
    assertThat(qualified.noCache()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"must-revalidate, max-age=60", "proxy-revalidate, max-age=60", "s-maxage=60"})
  void revalidationDirectivesForbidStaleServing(String directives) {
    TtlPolicy graceful = new TtlPolicy(120_000, 0, Long.MAX_VALUE, 300_000, 0.1);
    Freshness.Decision d =
        Freshness.decide(
            "GET",
            new DefaultHttpHeaders(),
            200,
            headers("cache-control", directives + ", stale-while-revalidate=30, stale-if-error=30"),
            T,
            RECEIVED,
            graceful);
    assertThat(d.lifetime().mustRevalidate()).isTrue();
    assertThat(d.lifetime().staleWhileRevalidateMillis()).isZero();
    assertThat(d.lifetime().staleIfErrorMillis()).isZero();
  }

  @Test
  void staleWindowsComeFromRfc5861DirectivesAndGrace() {
    Lifetime l =
        lifetime(
            headers("cache-control", "max-age=60, stale-while-revalidate=30, stale-if-error=600"));
    assertThat(l.staleWhileRevalidateMillis()).isEqualTo(30_000);
    assertThat(l.staleIfErrorMillis()).isEqualTo(600_000);
    assertThat(l.mustRevalidate()).isFalse();

    TtlPolicy grace = new TtlPolicy(120_000, 0, Long.MAX_VALUE, 3_600_000, 0.1);
    Freshness.Decision longGrace =
        Freshness.decide(
            "GET",
            new DefaultHttpHeaders(),
            200,
            headers("cache-control", "max-age=60, stale-if-error=600"),
            T,
            RECEIVED,
            grace);
    assertThat(longGrace.lifetime().staleIfErrorMillis()).isEqualTo(3_600_000);
    assertThat(longGrace.lifetime().staleWhileRevalidateMillis()).isZero();
  }

  @Test
  void initialAgeIsTheLargerOfApparentAndCorrectedAge() {
    // Apparent: received 2 s after T, Date says T - 10 s: 12 s. Corrected: Age 3 + delay 2 = 5 s.
    Lifetime apparent =
        lifetime(headers("cache-control", "max-age=60", "date", date(T - 10_000), "age", "3"));
    assertThat(apparent.initialAgeMillis()).isEqualTo(12_000);
    // Age 30 + delay 2 = 32 s beats the apparent 0 (Date in the future).
    Lifetime corrected =
        lifetime(headers("cache-control", "max-age=60", "date", date(T + 60_000), "age", "30"));
    assertThat(corrected.initialAgeMillis()).isEqualTo(32_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-5", "", "1.5"})
  void invalidAgeCountsAsZero(String age) {
    Lifetime l =
        lifetime(headers("cache-control", "max-age=60", "date", date(RECEIVED), "age", age));
    assertThat(l.initialAgeMillis()).isEqualTo(2_000);
  }

  @Test
  void hugeAgeSaturatesInsteadOfOverflowing() {
    Lifetime l =
        lifetime(headers("cache-control", "max-age=60", "age", "999999999999999999999999"));
    assertThat(l.initialAgeMillis()).isEqualTo(2_147_483_648_000L + 2_000);
  }

  @Test
  void stripQualifiedFieldsDropsTheNamedFieldsOnly() {
    HttpHeaders r = headers("x-user", "1", "set-cookie", "a", "x-keep", "k");
    CacheControl cc = CacheControl.parse("private=\"X-User\", no-cache=\"set-cookie\"");
    HttpHeaders stripped = Freshness.stripQualifiedFields(r, cc);
    assertThat(stripped.names()).containsExactly("x-keep");
    assertThat(r.names()).hasSize(3);
    assertThat(Freshness.stripQualifiedFields(r, CacheControl.EMPTY)).isSameAs(r);
  }

  @Test
  void chosenDirectivesPreferCdnCacheControl() {
    assertThat(
            Freshness.chosenDirectives(
                    headers("cache-control", "max-age=1", "cdn-cache-control", "max-age=2"))
                .maxAge())
        .isEqualTo(2);
    assertThat(Freshness.chosenDirectives(headers("cache-control", "max-age=1")).maxAge())
        .isEqualTo(1);
  }

  @Test
  void updateFrom304ReplacesAddsAndKeepsBodyFields() {
    HttpHeaders stored =
        headers(
            "content-length", "10",
            "content-encoding", "gzip",
            "etag", "\"v1\"",
            "cache-control", "max-age=60",
            "link", "<a>",
            "x-old", "o");
    HttpHeaders notModified =
        headers(
            "Content-Length", "0",
            "Content-Encoding", "br",
            "ETag", "\"v1\"",
            "Cache-Control", "max-age=120",
            "Link", "<b>",
            "link", "<c>",
            "X-New", "n",
            "Connection", "close, x-hop",
            "X-Hop", "h",
            "Keep-Alive", "timeout=5");
    HttpHeaders merged = Freshness.updateFrom304(stored, notModified);
    assertThat(merged.get("content-length")).isEqualTo("10");
    assertThat(merged.get("content-encoding")).isEqualTo("gzip");
    assertThat(merged.get("cache-control")).isEqualTo("max-age=120");
    assertThat(merged.getAll("link")).containsExactly("<b>", "<c>");
    assertThat(merged.get("x-new")).isEqualTo("n");
    assertThat(merged.get("x-old")).isEqualTo("o");
    assertThat(merged.contains("connection")).isFalse();
    assertThat(merged.contains("x-hop")).isFalse();
    assertThat(merged.contains("keep-alive")).isFalse();
    // Neither input changed.
    assertThat(stored.get("cache-control")).isEqualTo("max-age=60");
    assertThat(stored.contains("x-new")).isFalse();
    assertThat(notModified.get("content-length")).isEqualTo("0");
  }
}
