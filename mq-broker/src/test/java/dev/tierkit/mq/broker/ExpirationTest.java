package dev.tierkit.mq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Expected texts as RabbitMQ 3.10.8 sent them for the same expiration (rabbitmq-reply-texts.md).
 */
class ExpirationTest {
  private static void assertRefused(String expiration, String explanation) {
    assertThatThrownBy(() -> Expiration.parse(expiration))
        .isInstanceOfSatisfying(
            ArgumentException.class,
            e -> {
              assertThat(e.replyCode()).isEqualTo(406);
              assertThat(e.replyText()).isEqualTo("PRECONDITION_FAILED - " + explanation);
            });
  }

  @Test
  void absentExpirationIsNull() throws ArgumentException {
    assertThat(Expiration.parse(null)).isNull();
  }

  @Test
  void signsAndLeadingZerosAreAcceptedAsByErlangToInteger() throws ArgumentException {
    assertThat(Expiration.parse("0")).isZero();
    assertThat(Expiration.parse("-0")).isZero();
    assertThat(Expiration.parse("+10")).isEqualTo(10L);
    assertThat(Expiration.parse("0010")).isEqualTo(10L);
    assertThat(Expiration.parse("000000000000000000001")).isEqualTo(1L);
    assertThat(Expiration.parse("4294967296")).isEqualTo(4294967296L);
    assertThat(Expiration.parse("315360000000")).isEqualTo(Expiration.MAX_MILLIS);
  }

  @Test
  void malformedExpirationsGetRabbitMqTexts() {
    assertRefused("-1", "invalid expiration '-1': {value_negative,-1}");
    assertRefused("abc", "invalid expiration 'abc': no_integer");
    assertRefused("", "invalid expiration '': no_integer");
    assertRefused(" 10", "invalid expiration ' 10': no_integer");
    assertRefused("--1", "invalid expiration '--1': no_integer");
    assertRefused("+-1", "invalid expiration '+-1': no_integer");
    assertRefused("-", "invalid expiration '-': no_integer");
    assertRefused("١٢", "invalid expiration '١٢': no_integer");
    assertRefused("1.5", "invalid expiration '1.5': {leftover_string,\".5\"}");
    assertRefused("10 ", "invalid expiration '10 ': {leftover_string,\" \"}");
    assertRefused("1e3", "invalid expiration '1e3': {leftover_string,\"e3\"}");
    assertRefused("0x10", "invalid expiration '0x10': {leftover_string,\"x10\"}");
    assertRefused("1\t", "invalid expiration '1\t': {leftover_string,\"\\t\"}");
    assertRefused(
        "1ab\"c\\d", "invalid expiration '1ab\"c\\d': {leftover_string,\"ab\\\"c\\\\d\"}");
    assertRefused("1é", "invalid expiration '1é': {leftover_string,\"é\"}");
    assertRefused("1ā", "invalid expiration '1ā': {leftover_string,[196,129]}");
    assertRefused("1\u0001", "invalid expiration '1\u0001': {leftover_string,[1]}");
    assertRefused("1a\u007f", "invalid expiration '1a\u007f': {leftover_string,[97,127]}");
    assertRefused(
        "315360000001", "invalid expiration '315360000001': {value_too_large,315360000001}");
  }

  @Test
  void longValuesBreakTheLineWhereErlangsPrettyPrinterDoes() {
    assertRefused(
        "9999999999999999999",
        "invalid expiration '9999999999999999999': {value_too_large,\n"
            + " ".repeat(43)
            + "9999999999999999999}");
    assertRefused(
        "99999999999999999999",
        "invalid expiration '99999999999999999999': {value_too_large,\n"
            + " ".repeat(44)
            + "99999999999999999999}");
    assertRefused(
        "-9999999999999999999",
        "invalid expiration '-9999999999999999999': {value_negative,\n"
            + " ".repeat(44)
            + "-9999999999999999999}");
    assertRefused(
        "1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé",
        "invalid expiration '1aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé': {leftover_string,\n"
            + " ".repeat(57)
            + "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaé\"}");
    // 13 leading zeros still fit on the line; 14 do not (column 48 vs 49 for a 30-byte term).
    assertRefused(
        "0".repeat(13) + "315360000001",
        "invalid expiration '" + "0".repeat(13) + "315360000001': {value_too_large,315360000001}");
    assertRefused(
        "0".repeat(14) + "315360000001",
        "invalid expiration '"
            + "0".repeat(14)
            + "315360000001': {value_too_large,\n"
            + " ".repeat(50)
            + "315360000001}");
  }

  @Test
  void replyTextsLongerThanAShortstrAreCutAsRabbitMqCutsThem() {
    String expiration = "1" + "a".repeat(200);
    assertThatThrownBy(() -> Expiration.parse(expiration))
        .isInstanceOfSatisfying(
            ArgumentException.class,
            e -> {
              assertThat(e.replyText())
                  .isEqualTo(
                      "PRECONDITION_FAILED - invalid expiration '" + expiration + "': {lefto...");
              assertThat(e.replyText()).hasSize(255);
            });
  }
}
