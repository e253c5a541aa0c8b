package dev.tierkit.mq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The truth table recorded from RabbitMQ 3.10.8 (see rabbitmq-reply-texts.md, "headers exchange"):
 * each binding b0..b22 and the messages m0..m20 it received.
 */
class HeadersPatternTest {
  private static final Object VOID = new Object();

  private static Map<String, Object> table(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1] == VOID ? null : kv[i + 1]);
    }
    return m;
  }

  private static final List<Map<String, Object>> MESSAGES =
      Arrays.asList(
          null,
          table(),
          table("a", 1L),
          table("a", 1),
          table("a", "1"),
          table("a", 1.0),
          table("a", 1L, "b", 2L),
          table("a", 1L, "b", 3L),
          table("x-foo", 1L),
          table("x-foo", 1L, "a", 1L),
          table("a", VOID),
          table("a", true),
          table("x-foo", 1L, "a", 2L),
          table("b", 2L),
          table("a", new AsciiString("1")),
          table("a", table("n", 1L)),
          table("a", table("n", 1)),
          table("a", (byte) 1),
          table("x-match", "all-with-x", "x-foo", 1L),
          table("a", 1.5),
          table("a", 2L, "b", 2L));

  private record Row(Map<String, Object> binding, int... matched) {}

  private static final List<Row> ROWS =
      List.of(
          new Row(table("x-match", "all", "a", 1L), 2, 3, 5, 6, 7, 9, 17),
          new Row(table("x-match", "any", "a", 1L, "b", 2L), 2, 3, 5, 6, 7, 9, 13, 17, 20),
          new Row(table("x-match", "all", "a", 1L, "b", 2L), 6),
          new Row(table("x-match", "all"), all()),
          new Row(table("x-match", "any")),
          new Row(
              table("x-match", "all", "a", VOID),
              2,
              3,
              4,
              5,
              6,
              7,
              9,
              10,
              11,
              12,
              14,
              15,
              16,
              17,
              19,
              20),
          new Row(table("x-match", "any", "x-foo", 1L)),
          new Row(table("x-match", "all", "x-foo", 1L), all()),
          new Row(table("x-match", "all-with-x", "x-foo", 1L), 8, 9, 12, 18),
          new Row(table("x-match", "any-with-x", "x-foo", 1L, "a", 2L), 8, 9, 12, 18, 20),
          new Row(table("x-match", "all-with-x", "a", 1L), 2, 3, 5, 6, 7, 9, 17),
          new Row(table("a", 1L), 2, 3, 5, 6, 7, 9, 17),
          new Row(table("a", "1"), 4, 14),
          new Row(table("a", 1.0), 2, 3, 5, 6, 7, 9, 17),
          new Row(
              table("x-match", "any", "a", VOID, "b", VOID),
              2,
              3,
              4,
              5,
              6,
              7,
              9,
              10,
              11,
              12,
              13,
              14,
              15,
              16,
              17,
              19,
              20),
          new Row(table(), all()),
          new Row(table("x-match", "all", "a", true), 11),
          new Row(table("x-match", "all", "a", 1), 2, 3, 5, 6, 7, 9, 17),
          new Row(table("x-match", "all", "a", new AsciiString("1")), 4, 14),
          new Row(table("x-match", "all", "a", table("n", 1L)), 15),
          new Row(table("x-match", "all-with-x"), all()),
          new Row(table("x-match", "any-with-x")),
          new Row(table("x-match", "all", "x-foo", 1L, "a", 1L), 2, 3, 5, 6, 7, 9, 17));

  private static int[] all() {
    int[] all = new int[21];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return all;
  }

  @Test
  void matchesExactlyTheMessagesRabbitMqDeliveredForEachBinding() {
    for (int b = 0; b < ROWS.size(); b++) {
      HeadersPattern pattern = HeadersPattern.compile(ROWS.get(b).binding());
      List<Integer> matched = new ArrayList<>();
      for (int m = 0; m < MESSAGES.size(); m++) {
        Map<String, Object> headers = MESSAGES.get(m);
        if (pattern.matches(headers == null ? Map.of() : headers)) {
          matched.add(m);
        }
      }
      assertThat(matched)
          .as("b%d %s", b, ROWS.get(b).binding())
          .containsExactly(Arrays.stream(ROWS.get(b).matched()).boxed().toArray(Integer[]::new));
    }
  }

  @Test
  void unknownXMatchRoutesAsAllButIsRefusedOnBind() {
    Map<String, Object> args = new HashMap<>(Map.of("x-match", "bogus", "a", 1L));
    assertThat(HeadersPattern.compile(args).matches(Map.of("a", 1L))).isTrue();
    assertThatThrownBy(() -> HeadersPattern.validate(args))
        .isInstanceOfSatisfying(
            ArgumentException.class,
            e -> {
              assertThat(e.replyCode()).isEqualTo(406);
              assertThat(e.replyText())
                  .isEqualTo(
                      "PRECONDITION_FAILED - Invalid x-match field value <<\"bogus\">>; expected all,"
                          + " any, all-with-x, or any-with-x");
            });
    assertThatThrownBy(() -> HeadersPattern.validate(Map.of("x-match", 1L)))
        .isInstanceOfSatisfying(
            ArgumentException.class,
            e ->
                assertThat(e.replyText())
                    .isEqualTo(
                        "PRECONDITION_FAILED - Invalid x-match field type long (value 1); expected"
                            + " longstr"));
  }

  @Test
  void validXMatchValuesAndMissingXMatchPassValidation() throws ArgumentException {
    for (String mode : List.of("all", "any", "all-with-x", "any-with-x")) {
      HeadersPattern.validate(Map.of("x-match", mode));
    }
    HeadersPattern.validate(Map.of("a", 1));
    HeadersPattern.validate(null);
  }
}
