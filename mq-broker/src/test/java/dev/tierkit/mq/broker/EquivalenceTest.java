package dev.tierkit.mq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Expected texts as RabbitMQ 3.10.8 sent them for the same redeclarations
 * (rabbitmq-reply-texts.md).
 */
class EquivalenceTest {
  private static void assertRefused(ThrowingCallable check, int code, String replyText) {
    assertThatThrownBy(check)
        .isInstanceOfSatisfying(
            ArgumentException.class,
            e -> {
              assertThat(e.replyCode()).isEqualTo(code);
              assertThat(e.replyText()).isEqualTo(replyText);
            });
  }

  private static ThrowingCallable queue(
      String name,
      boolean curDurable,
      boolean curAuto,
      Map<String, Object> cur,
      boolean durable,
      boolean auto,
      Map<String, Object> args) {
    return () -> Equivalence.checkQueue("/", name, curDurable, curAuto, cur, durable, auto, args);
  }

  @Test
  void queueFlagsAreComparedDurableFirst() {
    assertRefused(
        queue("probe-q2", false, false, Map.of(), true, false, Map.of()),
        406,
        "PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'probe-q2' in vhost '/': received 'true' but current is 'false'");
    assertRefused(
        queue("probe-q2b", false, false, Map.of(), false, true, Map.of()),
        406,
        "PRECONDITION_FAILED - inequivalent arg 'auto_delete' for queue 'probe-q2b' in vhost '/': received 'true' but current is 'false'");
    assertRefused(
        queue(
            "probe-e",
            false,
            false,
            Map.of("x-max-length", 1L),
            true,
            true,
            Map.of("x-max-length", 2L)),
        406,
        "PRECONDITION_FAILED - inequivalent arg 'durable' for queue 'probe-e' in vhost '/': received 'true' but current is 'false'");
  }

  @Test
  void queueArgumentTextsSayWhichSideIsMissingAndItsType() {
    String p = "PRECONDITION_FAILED - inequivalent arg ";
    assertRefused(
        queue(
            "probe-q3",
            false,
            false,
            Map.of("x-message-ttl", 1000),
            false,
            false,
            Map.of("x-message-ttl", 2000)),
        406,
        p
            + "'x-message-ttl' for queue 'probe-q3' in vhost '/': received '2000' but current is '1000'");
    assertRefused(
        queue("probe-q3", false, false, Map.of("x-message-ttl", 1000), false, false, Map.of()),
        406,
        p
            + "'x-message-ttl' for queue 'probe-q3' in vhost '/': received none but current is the value '1000' of type 'signedint'");
    assertRefused(
        queue("probe-q4", false, false, Map.of(), false, false, Map.of("x-max-length", 10L)),
        406,
        p
            + "'x-max-length' for queue 'probe-q4' in vhost '/': received the value '10' of type 'long' but current is none");
    assertRefused(
        queue(
            "probe-q4", false, false, null, false, false, Map.of("x-dead-letter-exchange", "dlx")),
        406,
        p
            + "'x-dead-letter-exchange' for queue 'probe-q4' in vhost '/': received the value 'dlx' of type 'longstr' but current is none");
    assertRefused(
        queue(
            "probe-q4",
            false,
            false,
            Map.of(),
            false,
            false,
            Map.of("x-single-active-consumer", true)),
        406,
        p
            + "'x-single-active-consumer' for queue 'probe-q4' in vhost '/': received the value 'true' of type 'bool' but current is none");
    assertRefused(
        queue(
            "probe-q5",
            false,
            false,
            Map.of("x-overflow", "drop-head"),
            false,
            false,
            Map.of("x-overflow", "reject-publish")),
        406,
        p
            + "'x-overflow' for queue 'probe-q5' in vhost '/': received 'reject-publish' but current is 'drop-head'");
    assertRefused(
        queue(
            "probe-f",
            false,
            false,
            Map.of("x-message-ttl", 1000L),
            false,
            false,
            Map.of("x-message-ttl", 1000.0)),
        406,
        p
            + "'x-message-ttl' for queue 'probe-f' in vhost '/': received '1.0e3' but current is '1000'");
    assertRefused(
        queue(
            "probe-h",
            false,
            false,
            Map.of("x-message-ttl", 1000),
            false,
            false,
            Map.of("x-message-ttl", "1000")),
        406,
        p
            + "'x-message-ttl' for queue 'probe-h' in vhost '/': received '1000' but current is '1000'");
    assertRefused(
        queue(
            "probe-h",
            false,
            false,
            Map.of("x-max-length", 5L),
            false,
            false,
            Map.of("x-max-length", -1L)),
        406,
        p + "'x-max-length' for queue 'probe-h' in vhost '/': received '-1' but current is '5'");
  }

  @Test
  void missingArgumentsAreReportedInRabbitMqOrder() {
    assertRefused(
        queue(
            "probe-q5",
            false,
            false,
            Map.of(
                "x-single-active-consumer",
                false,
                "x-overflow",
                "drop-head",
                "x-max-length",
                5L,
                "x-dead-letter-exchange",
                "a"),
            false,
            false,
            Map.of()),
        406,
        "PRECONDITION_FAILED - inequivalent arg 'x-dead-letter-exchange' for queue 'probe-q5' in vhost '/': received none but current is the value 'a' of type 'longstr'");
  }

  @Test
  void equalIntegersOfOtherWidthsUnknownArgumentsAndQueueTypeAreEquivalent() {
    assertThatCode(
            queue(
                "q",
                true,
                false,
                Map.of("x-message-ttl", 1000, "x-max-length", 5L),
                true,
                false,
                Map.of("x-message-ttl", 1000L, "x-max-length", (short) 5)))
        .doesNotThrowAnyException();
    assertThatCode(
            queue(
                "q",
                false,
                false,
                Map.of(),
                false,
                false,
                Map.of("foo", "bar", "x-queue-type", "classic")))
        .doesNotThrowAnyException();
  }

  @Test
  void exchangeComparesTypeFlagsThenAlternateExchange() {
    String p = "PRECONDITION_FAILED - inequivalent arg ";
    assertRefused(
        () ->
            Equivalence.checkExchange(
                "/",
                "probe-x1",
                ExchangeType.DIRECT,
                false,
                false,
                false,
                Map.of(),
                ExchangeType.FANOUT,
                false,
                false,
                false,
                Map.of()),
        406,
        p
            + "'type' for exchange 'probe-x1' in vhost '/': received 'fanout' but current is 'direct'");
    assertRefused(
        () ->
            Equivalence.checkExchange(
                "/",
                "probe-xb",
                ExchangeType.TOPIC,
                false,
                false,
                false,
                Map.of(),
                ExchangeType.FANOUT,
                true,
                false,
                false,
                Map.of()),
        406,
        p
            + "'type' for exchange 'probe-xb' in vhost '/': received 'fanout' but current is 'topic'");
    assertRefused(
        () ->
            Equivalence.checkExchange(
                "/",
                "probe-x1",
                ExchangeType.DIRECT,
                false,
                false,
                false,
                Map.of(),
                ExchangeType.DIRECT,
                true,
                false,
                false,
                Map.of()),
        406,
        p
            + "'durable' for exchange 'probe-x1' in vhost '/': received 'true' but current is 'false'");
    assertRefused(
        () ->
            Equivalence.checkExchange(
                "/",
                "probe-x1",
                ExchangeType.DIRECT,
                false,
                false,
                false,
                Map.of(),
                ExchangeType.DIRECT,
                false,
                true,
                false,
                Map.of()),
        406,
        p
            + "'auto_delete' for exchange 'probe-x1' in vhost '/': received 'true' but current is 'false'");
    assertRefused(
        () ->
            Equivalence.checkExchange(
                "/",
                "probe-x1",
                ExchangeType.DIRECT,
                false,
                false,
                false,
                Map.of(),
                ExchangeType.DIRECT,
                false,
                false,
                true,
                Map.of()),
        406,
        p
            + "'internal' for exchange 'probe-x1' in vhost '/': received 'true' but current is 'false'");
    assertRefused(
        () ->
            Equivalence.checkExchange(
                "/",
                "probe-x1",
                ExchangeType.DIRECT,
                false,
                false,
                false,
                Map.of(),
                ExchangeType.DIRECT,
                false,
                false,
                false,
                Map.of("alternate-exchange", "ae")),
        406,
        p
            + "'alternate-exchange' for exchange 'probe-x1' in vhost '/': received the value 'ae' of type 'longstr' but current is none");
    assertRefused(
        () ->
            Equivalence.checkExchange(
                "/",
                "probe-xa",
                ExchangeType.DIRECT,
                false,
                false,
                false,
                Map.of("alternate-exchange", "a"),
                ExchangeType.DIRECT,
                false,
                false,
                false,
                Map.of("alternate-exchange", "b")),
        406,
        p
            + "'alternate-exchange' for exchange 'probe-xa' in vhost '/': received 'b' but current is 'a'");
    assertThatCode(
            () ->
                Equivalence.checkExchange(
                    "/",
                    "x",
                    ExchangeType.DIRECT,
                    true,
                    false,
                    false,
                    Map.of(),
                    ExchangeType.DIRECT,
                    true,
                    false,
                    false,
                    Map.of("foo", "bar")))
        .doesNotThrowAnyException();
  }

  @Test
  void unknownExchangeTypeIsAConnectionLevelCommandInvalid() {
    assertRefused(
        () -> ExchangeType.require("nonsense"),
        503,
        "COMMAND_INVALID - unknown exchange type 'nonsense'");
    assertRefused(
        () -> ExchangeType.require("Direct"),
        503,
        "COMMAND_INVALID - unknown exchange type 'Direct'");
  }

  @Test
  void exclusiveOwnershipMismatchIsResourceLocked() {
    String text =
        "RESOURCE_LOCKED - cannot obtain exclusive access to locked queue 'probe-q7' in vhost '/'. It could be"
            + " originally declared on another connection or the exclusive property value does not match that of"
            + " the original declaration.";
    Object mine = new Object();
    Object other = new Object();
    assertRefused(() -> Equivalence.checkQueueOwner("/", "probe-q7", other, mine), 405, text);
    assertRefused(() -> Equivalence.checkQueueOwner("/", "probe-q7", mine, null), 405, text);
    assertRefused(() -> Equivalence.checkQueueOwner("/", "probe-q7", null, mine), 405, text);
    assertRefused(() -> Equivalence.checkQueueAccess("/", "probe-q7", other, mine), 405, text);
    assertThatCode(() -> Equivalence.checkQueueOwner("/", "probe-q7", mine, mine))
        .doesNotThrowAnyException();
    assertThatCode(() -> Equivalence.checkQueueAccess("/", "probe-q7", null, mine))
        .doesNotThrowAnyException();
    assertThatCode(() -> Equivalence.checkQueueAccess("/", "probe-q7", mine, mine))
        .doesNotThrowAnyException();
  }
}
