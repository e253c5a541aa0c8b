package dev.tierkit.cdn.policy;

import static dev.tierkit.cdn.policy.Conditionals.Outcome.NOT_MODIFIED;
import static dev.tierkit.cdn.policy.Conditionals.Outcome.PRECONDITION_FAILED;
import static dev.tierkit.cdn.policy.Conditionals.Outcome.PROCEED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.cdn.policy.Conditionals.Outcome;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionalsTest {
  private static final String LM = "Sun, 06 Nov 1994 08:49:37 GMT";
  private static final String BEFORE = "Sun, 06 Nov 1994 08:49:36 GMT";
  private static final String AFTER = "Sun, 06 Nov 1994 08:49:38 GMT";

  private static HttpHeaders headers(String... namesAndValues) {
    HttpHeaders h = new DefaultHttpHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }

  private static Outcome get(HttpHeaders request, String etag, String lastModified) {
    return Conditionals.evaluate("GET", request, etag, lastModified);
  }

  @Test
  void noPreconditionsProceed() {
    assertThat(get(new DefaultHttpHeaders(), "\"a\"", LM)).isEqualTo(PROCEED);
    assertThat(get(new DefaultHttpHeaders(), null, null)).isEqualTo(PROCEED);
  }

  /** RFC 9110 §8.8.3.2's comparison table, for both functions. */
  @ParameterizedTest(name = "[{index}] {0} vs {1}: strong {2}, weak {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "W/\"1\"|W/\"1\"|false|true",
        "W/\"1\"|W/\"2\"|false|false",
        "W/\"1\"|\"1\"|false|true",
        "\"1\"|\"1\"|true|true",
      })
  void entityTagComparisonFollowsTheRfcTable(
      String requested, String stored, boolean strong, boolean weak) {
    assertThat(get(headers("if-match", requested), stored, null))
        .isEqualTo(strong ? PROCEED : PRECONDITION_FAILED);
    assertThat(get(headers("if-none-match", requested), stored, null))
        .isEqualTo(weak ? NOT_MODIFIED : PROCEED);
  }

  @Test
  void ifMatchListsAndStar() {
    assertThat(get(headers("if-match", "\"x\", \"a\""), "\"a\"", null)).isEqualTo(PROCEED);
    assertThat(get(headers("if-match", "\"x\"", "if-match", "\"a\""), "\"a\"", null))
        .isEqualTo(PROCEED);
    assertThat(get(headers("if-match", "*"), "\"a\"", null)).isEqualTo(PROCEED);
    assertThat(get(headers("if-match", "*"), null, null)).isEqualTo(PRECONDITION_FAILED);
    assertThat(get(headers("if-match", "\"a\""), null, null)).isEqualTo(PRECONDITION_FAILED);
  }

  @Test
  void ifNoneMatchStarMatchesAnyStoredRepresentation() {
    assertThat(get(headers("if-none-match", "*"), "\"a\"", null)).isEqualTo(NOT_MODIFIED);
    assertThat(get(headers("if-none-match", "*"), null, LM)).isEqualTo(PROCEED);
  }

  @Test
  void ifNoneMatchFailsOtherMethodsWith412() {
    assertThat(Conditionals.evaluate("PUT", headers("if-none-match", "\"a\""), "\"a\"", null))
        .isEqualTo(PRECONDITION_FAILED);
    assertThat(Conditionals.evaluate("HEAD", headers("if-none-match", "\"a\""), "\"a\"", null))
        .isEqualTo(NOT_MODIFIED);
  }

  @Test
  void ifUnmodifiedSinceAppliesOnlyWithoutIfMatch() {
    assertThat(get(headers("if-unmodified-since", BEFORE), "\"a\"", LM))
        .isEqualTo(PRECONDITION_FAILED);
    assertThat(get(headers("if-unmodified-since", LM), "\"a\"", LM)).isEqualTo(PROCEED);
    assertThat(get(headers("if-unmodified-since", AFTER), "\"a\"", LM)).isEqualTo(PROCEED);
    assertThat(get(headers("if-match", "\"a\"", "if-unmodified-since", BEFORE), "\"a\"", LM))
        .isEqualTo(PROCEED);
    // Without Last-Modified, or with a bad date, the field is ignored.
    assertThat(get(headers("if-unmodified-since", BEFORE), "\"a\"", null)).isEqualTo(PROCEED);
    assertThat(get(headers("if-unmodified-since", "yesterday"), "\"a\"", LM)).isEqualTo(PROCEED);
  }

  @Test
  void ifModifiedSinceComparesAtSecondPrecision() {
    assertThat(get(headers("if-modified-since", LM), null, LM)).isEqualTo(NOT_MODIFIED);
    assertThat(get(headers("if-modified-since", AFTER), null, LM)).isEqualTo(NOT_MODIFIED);
    assertThat(get(headers("if-modified-since", BEFORE), null, LM)).isEqualTo(PROCEED);
    assertThat(get(headers("if-modified-since", "Sunday, 06-Nov-94 08:49:37 GMT"), null, LM))
        .isEqualTo(NOT_MODIFIED);
    assertThat(get(headers("if-modified-since", "Sun Nov  6 08:49:37 1994"), null, LM))
        .isEqualTo(NOT_MODIFIED);
  }

  @Test
  void ifModifiedSinceIsIgnoredWhenInvalidWithoutLastModifiedOrForOtherMethods() {
    assertThat(get(headers("if-modified-since", "garbage"), null, LM)).isEqualTo(PROCEED);
    assertThat(get(headers("if-modified-since", LM), "\"a\"", null)).isEqualTo(PROCEED);
    assertThat(Conditionals.evaluate("POST", headers("if-modified-since", LM), null, LM))
        .isEqualTo(PROCEED);
  }

  /** RFC 9110 §13.2.2: which field decides when several are present. */
  @ParameterizedTest(name = "[{index}] {0} / {1} / {2} / {3} -> {4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // If-Match | If-Unmodified-Since | If-None-Match | If-Modified-Since | outcome
        "\"x\"|-|\"a\"|-|PRECONDITION_FAILED",
        "\"a\"|BEFORE|-|-|PROCEED",
        "-|BEFORE|\"a\"|-|PRECONDITION_FAILED",
        "\"a\"|-|\"a\"|-|NOT_MODIFIED",
        "\"a\"|-|\"b\"|LM|PROCEED",
        "-|-|\"b\"|LM|PROCEED",
        "-|-|\"a\"|BEFORE|NOT_MODIFIED",
        "-|-|-|LM|NOT_MODIFIED",
        "-|AFTER|-|BEFORE|PROCEED",
        "-|AFTER|-|LM|NOT_MODIFIED",
        "*|-|*|-|NOT_MODIFIED",
      })
  void precedenceMatrix(String ifMatch, String ius, String inm, String ims, Outcome expected) {
    HttpHeaders h = new DefaultHttpHeaders();
    if (ifMatch != null) {
      h.add("if-match", ifMatch);
    }
    if (ius != null) {
      h.add("if-unmodified-since", date(ius));
    }
    if (inm != null) {
      h.add("if-none-match", inm);
    }
    if (ims != null) {
      h.add("if-modified-since", date(ims));
    }
    assertThat(get(h, "\"a\"", LM)).isEqualTo(expected);
  }

  private static String date(String name) {
    switch (name) {
      case "BEFORE":
        return BEFORE;
      case "AFTER":
        return AFTER;
      default:
        return LM;
    }
  }

  @Test
  void malformedTagListsDoNotMatchOrThrow() {
    for (String garbage : new String[] {"\"a", "a", "W/", "W/a", ",,,", "\"\"", "W/\"a"}) {
      assertThat(get(headers("if-none-match", garbage), "\"a\"", null))
          .as(garbage)
          .isEqualTo(PROCEED);
    }
    assertThat(get(headers("if-none-match", "junk, \"a\""), "\"a\"", null)).isEqualTo(NOT_MODIFIED);
  }

  @Test
  void ifRangeWithAnEntityTagNeedsAStrongMatch() {
    assertThat(Conditionals.ifRangeAllows(null, null, null)).isTrue();
    assertThat(Conditionals.ifRangeAllows("\"a\"", "\"a\"", LM)).isTrue();
    assertThat(Conditionals.ifRangeAllows("\"a\"", "\"b\"", LM)).isFalse();
    assertThat(Conditionals.ifRangeAllows("\"a\"", "W/\"a\"", LM)).isFalse();
    assertThat(Conditionals.ifRangeAllows("W/\"a\"", "W/\"a\"", LM)).isFalse();
    assertThat(Conditionals.ifRangeAllows("\"a\"", null, LM)).isFalse();
    assertThat(Conditionals.ifRangeAllows("\"a", "\"a\"", LM)).isFalse();
  }

  @Test
  void ifRangeWithADateNeedsExactEquality() {
    assertThat(Conditionals.ifRangeAllows(LM, "\"a\"", LM)).isTrue();
    assertThat(Conditionals.ifRangeAllows(AFTER, "\"a\"", LM)).isFalse();
    assertThat(Conditionals.ifRangeAllows(BEFORE, "\"a\"", LM)).isFalse();
    assertThat(Conditionals.ifRangeAllows(LM, "\"a\"", null)).isFalse();
    assertThat(Conditionals.ifRangeAllows("not a date", "\"a\"", LM)).isFalse();
  }

  @Test
  void ifRangeDateNeedsAStrongLastModifiedWhenDateIsKnown() {
    assertThat(Conditionals.ifRangeAllows(LM, null, LM, AFTER)).isTrue();
    assertThat(Conditionals.ifRangeAllows(LM, null, LM, LM)).isFalse();
  }
}
