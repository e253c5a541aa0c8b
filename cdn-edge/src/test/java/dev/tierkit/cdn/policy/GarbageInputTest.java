package dev.tierkit.cdn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Random field values built from the characters that matter to the parsers: no rule may throw on
 * what a client or an origin can send, and every result must keep its invariants.
 */
class GarbageInputTest {
  private static final String ALPHABET = "\"\\,;=*-/ \tW0123456789abgzipqmx-ageAG:?&[]#@";
  private static final String[] WORDS = {
    "max-age",
    "s-maxage",
    "no-cache",
    "private",
    "no-store",
    "public",
    "bytes",
    "W/",
    "gzip",
    "q",
    "stale-if-error",
    "must-revalidate",
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "99999999999999999999"
  };

  private static String garbage(Random random) {
    StringBuilder b = new StringBuilder();
    int parts = random.nextInt(12);
    for (int i = 0; i < parts; i++) {
      if (random.nextBoolean()) {
        b.append(WORDS[random.nextInt(WORDS.length)]);
      } else {
        b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return b.toString().trim();
  }

  @Test
  @Timeout(10)
  void noRuleThrowsOnRandomFieldValues() {
    Random random = new Random(20261201L);
    CacheKeys keys = new CacheKeys(new KeyPolicy(true, java.util.Set.of("utm_*", "x")));
    for (int round = 0; round < 20_000; round++) {
      String a = garbage(random);
      String b = garbage(random);
      HttpHeaders response = new DefaultHttpHeaders(false);
      response.add("cache-control", a);
      response.add("cdn-cache-control", b);
      response.add("vary", garbage(random));
      response.add("expires", garbage(random));
      response.add("date", garbage(random));
      response.add("age", garbage(random));
      response.add("last-modified", garbage(random));
      HttpHeaders request = new DefaultHttpHeaders(false);
      request.add("cache-control", garbage(random));
      request.add("accept-encoding", garbage(random));
      request.add("if-match", garbage(random));
      request.add("if-none-match", garbage(random));
      request.add("if-modified-since", garbage(random));
      request.add("if-unmodified-since", garbage(random));

      assertThatCode(
              () -> {
                Freshness.Decision d =
                    Freshness.decide("GET", request, 200, response, 0, 1_000, TtlPolicy.DEFAULTS);
                assertThat(d.storable()).isEqualTo(d.lifetime() != null);
                List<String> names = Vary.names(response);
                if (!Vary.isStar(names)) {
                  Vary.variantKey(names, request);
                }
                Conditionals.evaluate("GET", request, garbage(random), garbage(random));
                Conditionals.ifRangeAllows(a, b, garbage(random), garbage(random));
                ByteRanges.RangeSet set = ByteRanges.parse(a, random.nextInt(100), 8);
                for (ByteRanges.Range r : set.ranges()) {
                  assertThat(r.last()).isLessThan(100);
                }
                keys.target("http", garbage(random), "/" + garbage(random));
                Freshness.updateFrom304(response, request);
              })
          .as("cache-control '%s', cdn-cache-control '%s'", a, b)
          .doesNotThrowAnyException();
    }
  }
}
