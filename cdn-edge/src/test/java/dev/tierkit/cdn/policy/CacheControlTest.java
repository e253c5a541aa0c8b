package dev.tierkit.cdn.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheControlTest {

  @Test
  void absentOrBlankFieldIsEmpty() {
    assertThat(CacheControl.parse(new DefaultHttpHeaders(), "cache-control"))
        .isSameAs(CacheControl.EMPTY);
    assertThat(CacheControl.parse(" , ,")).isSameAs(CacheControl.EMPTY);
    assertThat(CacheControl.parse((CharSequence) null).isEmpty()).isTrue();
    CacheControl e = CacheControl.EMPTY;
    assertThat(e.maxAge()).isEqualTo(-1);
    assertThat(e.sMaxAge()).isEqualTo(-1);
    assertThat(e.staleWhileRevalidate()).isEqualTo(-1);
    assertThat(e.staleIfError()).isEqualTo(-1);
    assertThat(e.maxStale()).isEqualTo(-1);
    assertThat(e.minFresh()).isEqualTo(-1);
    assertThat(e.noStore() || e.noCache() || e.privateDirective() || e.publicDirective()).isFalse();
  }

  @Test
  void everyDirectiveIsRecognisedCaseInsensitively() {
    CacheControl cc =
        CacheControl.parse(
            "Max-Age=1, S-MAXAGE=2, stale-while-revalidate=3, Stale-If-Error=4, max-stale=5,"
                + " min-fresh=6, NO-STORE, no-cache, private, public, must-revalidate,"
                + " proxy-revalidate, immutable, only-if-cached, no-transform");
    assertThat(cc.maxAge()).isEqualTo(1);
    assertThat(cc.sMaxAge()).isEqualTo(2);
    assertThat(cc.staleWhileRevalidate()).isEqualTo(3);
    assertThat(cc.staleIfError()).isEqualTo(4);
    assertThat(cc.maxStale()).isEqualTo(5);
    assertThat(cc.minFresh()).isEqualTo(6);
    assertThat(cc.noStore()).isTrue();
    assertThat(cc.noCache()).isTrue();
    assertThat(cc.privateDirective()).isTrue();
    assertThat(cc.publicDirective()).isTrue();
    assertThat(cc.mustRevalidate()).isTrue();
    assertThat(cc.proxyRevalidate()).isTrue();
    assertThat(cc.immutable()).isTrue();
    assertThat(cc.onlyIfCached()).isTrue();
    assertThat(cc.noTransform()).isTrue();
    assertThat(cc.isEmpty()).isFalse();
  }

  @Test
  void severalFieldLinesFormOneList() {
    HttpHeaders h = new DefaultHttpHeaders();
    h.add("Cache-Control", "public");
    h.add("cache-control", "max-age=60");
    h.add("Cache-Control", "");
    CacheControl cc = CacheControl.parse(h, "cache-control");
    assertThat(cc.publicDirective()).isTrue();
    assertThat(cc.maxAge()).isEqualTo(60);
  }

  @Test
  void firstWinsAcrossFieldLinesInTheirOrder() {
    // Netty's DefaultHttpHeaders iterates a name's values backwards; the order must still hold.
    HttpHeaders h = new DefaultHttpHeaders();
    h.add("cache-control", "max-age=60");
    h.add("cache-control", "max-age=10");
    h.add("cache-control", "max-age=5");
    assertThat(CacheControl.parse(h, "cache-control").maxAge()).isEqualTo(60);
  }

  @Test
  void cdnCacheControlIsParsedByName() {
    HttpHeaders h = new DefaultHttpHeaders().add("CDN-Cache-Control", "max-age=600");
    h.add("Cache-Control", "max-age=5");
    assertThat(CacheControl.parse(h, "cdn-cache-control").maxAge()).isEqualTo(600);
    assertThat(CacheControl.parse(h, "cache-control").maxAge()).isEqualTo(5);
  }

  @ParameterizedTest(name = "[{index}] {0} -> max-age {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "max-age=60|60",
        "max-age=\"60\"|60",
        "max-age = 60|60",
        "max-age=|-1",
        "max-age|-1",
        "max-age=-1|-1",
        "max-age=1.5|-1",
        "max-age=abc|-1",
        "max-age=0|0",
        "max-age=007|7",
        "max-age=99999999999999999999999|2147483648",
        "max-age=2147483649|2147483648",
        "max-age=60, max-age=10|60",
        "max-age=abc, max-age=10|10",
        "max-age=10 junk, public|10",
        "max-age=\"6\"0\"|6",
        "max-age=\"60|60",
        "xmax-age=60|-1",
        "max-agee=60|-1",
      })
  void deltaSecondsAreParsedTolerantly(String field, long expected) {
    assertThat(CacheControl.parse(field).maxAge()).isEqualTo(expected);
  }

  @Test
  void maxStaleWithoutValueMeansAnyStaleness() {
    assertThat(CacheControl.parse("max-stale").maxStale()).isEqualTo(Long.MAX_VALUE);
    assertThat(CacheControl.parse("max-stale=30").maxStale()).isEqualTo(30);
  }

  @Test
  void fieldNamedNoCacheAndPrivateAreNotTheUnqualifiedDirectives() {
    CacheControl cc = CacheControl.parse("no-cache=\"set-cookie, x-a\", private=\"x-b\"");
    assertThat(cc.noCache()).isFalse();
    assertThat(cc.privateDirective()).isFalse();
    assertThat(cc.noCacheFields()).isEqualTo("set-cookie, x-a");
    assertThat(cc.privateFields()).isEqualTo("x-b");
    CacheControl token = CacheControl.parse("private=x-c");
    assertThat(token.privateDirective()).isFalse();
    assertThat(token.privateFields()).isEqualTo("x-c");
  }

  @Test
  void firstOccurrenceOfABooleanDirectiveWins() {
    CacheControl qualifiedFirst = CacheControl.parse("no-cache=\"a\", no-cache");
    assertThat(qualifiedFirst.noCache()).isFalse();
    CacheControl plainFirst = CacheControl.parse("no-cache, no-cache=\"a\"");
    assertThat(plainFirst.noCache()).isTrue();
    assertThat(plainFirst.noCacheFields()).isNull();
  }

  @Test
  void quotedCommaDoesNotSplitTheList() {
    CacheControl cc = CacheControl.parse("private=\"a, no-store\", max-age=5");
    assertThat(cc.noStore()).isFalse();
    assertThat(cc.maxAge()).isEqualTo(5);
    assertThat(cc.privateFields()).isEqualTo("a, no-store");
  }

  @Test
  void escapedQuoteInsideQuotedStringIsUnescaped() {
    CacheControl cc = CacheControl.parse("private=\"a\\\"b\", no-store");
    assertThat(cc.privateFields()).isEqualTo("a\"b");
    assertThat(cc.noStore()).isTrue();
  }

  @Test
  void unterminatedQuoteRunsToTheEndOfTheLine() {
    HttpHeaders h = new DefaultHttpHeaders();
    h.add("cache-control", "private=\"a, no-store");
    h.add("cache-control", "max-age=9");
    CacheControl cc = CacheControl.parse(h, "cache-control");
    assertThat(cc.noStore()).isFalse();
    assertThat(cc.privateFields()).isEqualTo("a, no-store");
    assertThat(cc.maxAge()).isEqualTo(9);
  }

  @Test
  void unknownExtensionsCountAsDirectivesButChangeNothing() {
    CacheControl cc = CacheControl.parse("community=\"UCI\", foo");
    assertThat(cc.isEmpty()).isFalse();
    assertThat(cc.maxAge()).isEqualTo(-1);
    assertThat(cc.publicDirective()).isFalse();
  }

  @Test
  void garbageDoesNotThrow() {
    for (String s :
        new String[] {
          "=", "==,,==", "\"", "\\", "max-age=\"\\", ",,,max-age", "\t\t", "no-store=\"", "a=b=c"
        }) {
      CacheControl.parse(s);
    }
    assertThat(CacheControl.parse("=5, no-store").noStore()).isTrue();
  }

  @Test
  @Timeout(5)
  void tenThousandDirectivesParseInLinearTime() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      b.append("x-ext-").append(i).append("=\"v\", ");
    }
    b.append("max-age=42");
    String field = b.toString();
    long start = System.nanoTime();
    for (int round = 0; round < 20; round++) {
      assertThat(CacheControl.parse(field).maxAge()).isEqualTo(42);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void toStringListsRecognisedDirectives() {
    assertThat(CacheControl.parse("max-stale, PUBLIC, max-age=3").toString())
        .isEqualTo("max-age=3, max-stale, public");
  }
}
