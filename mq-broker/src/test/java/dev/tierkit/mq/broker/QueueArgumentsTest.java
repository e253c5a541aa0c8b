package dev.tierkit.mq.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.AsciiString;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every expected text here was sent by RabbitMQ 3.10.8 for the same declare
 * (rabbitmq-reply-texts.md).
 */
class QueueArgumentsTest {
  private static Map<String, Object> args(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static void assertRefused(String queue, Map<String, Object> arguments, String replyText) {
    assertThatThrownBy(() -> QueueArguments.parse("/", queue, arguments))
        .isInstanceOfSatisfying(
            ArgumentException.class,
            e -> {
              assertThat(e.replyCode()).isEqualTo(406);
              assertThat(e.replyText()).isEqualTo(replyText);
            });
  }

  @Test
  void emptyOrNullArgumentsAreTheDefaults() throws ArgumentException {
    assertThat(QueueArguments.parse("/", "q", null)).isEqualTo(QueueArguments.NONE);
    assertThat(QueueArguments.parse("/", "q", Map.of())).isEqualTo(QueueArguments.NONE);
    assertThat(QueueArguments.NONE.overflow()).isEqualTo(Overflow.DROP_HEAD);
  }

  @Test
  void validArgumentsOfEveryIntegerTypeAreParsed() throws ArgumentException {
    QueueArguments parsed =
        QueueArguments.parse(
            "/",
            "q",
            args(
                "x-message-ttl",
                (byte) 0,
                "x-expires",
                (short) 1,
                "x-max-length",
                0,
                "x-max-length-bytes",
                Long.MAX_VALUE,
                "x-overflow",
                "reject-publish-dlx",
                "x-dead-letter-exchange",
                "",
                "x-dead-letter-routing-key",
                "k",
                "x-single-active-consumer",
                true,
                "x-max-priority",
                255,
                "x-queue-mode",
                "lazy",
                "x-queue-type",
                "classic",
                "x-unknown-arg",
                "v",
                "foo",
                1));
    assertThat(parsed)
        .isEqualTo(
            new QueueArguments(
                0L, 1L, 0L, Long.MAX_VALUE, Overflow.REJECT_PUBLISH_DLX, "", "k", true, 255));
    assertThat(
            QueueArguments.parse("/", "q", args("x-message-ttl", Expiration.MAX_MILLIS))
                .messageTtlMillis())
        .isEqualTo(315_360_000_000L);
  }

  @Test
  void messageTtlRefusalsMatchRabbitMq() {
    String prefix =
        "PRECONDITION_FAILED - invalid arg 'x-message-ttl' for queue 'probe-q10' in vhost '/': ";
    assertRefused("probe-q10", args("x-message-ttl", -1L), prefix + "{value_negative,-1}");
    assertRefused("probe-q10", args("x-message-ttl", -1), prefix + "{value_negative,-1}");
    assertRefused(
        "probe-q10", args("x-message-ttl", "1000"), prefix + "\"expected integer, got longstr\"");
    assertRefused(
        "probe-q10", args("x-message-ttl", 1.5), prefix + "\"expected integer, got double\"");
    assertRefused(
        "probe-q10", args("x-message-ttl", true), prefix + "\"expected integer, got bool\"");
    assertRefused(
        "probe-q10",
        args("x-message-ttl", Long.MAX_VALUE),
        prefix + "{value_too_large,9223372036854775807}");
    assertRefused(
        "probe-b",
        args("x-message-ttl", 315_360_000_001L),
        "PRECONDITION_FAILED - invalid arg 'x-message-ttl' for queue 'probe-b' in vhost '/':"
            + " {value_too_large,315360000001}");
    assertRefused(
        "probe-c",
        Collections.singletonMap("x-message-ttl", null),
        "PRECONDITION_FAILED - invalid arg 'x-message-ttl' for queue 'probe-c' in vhost '/':"
            + " \"expected integer, got void\"");
  }

  @Test
  void expiresRefusalsMatchRabbitMq() {
    String prefix =
        "PRECONDITION_FAILED - invalid arg 'x-expires' for queue 'probe-q11' in vhost '/': ";
    assertRefused("probe-q11", args("x-expires", 0L), prefix + "{value_zero,0}");
    assertRefused("probe-q11", args("x-expires", -1L), prefix + "{value_negative,-1}");
    assertRefused(
        "probe-q11", args("x-expires", "1000"), prefix + "\"expected integer, got longstr\"");
  }

  @Test
  void lengthAndPriorityRefusalsMatchRabbitMq() {
    for (String key : new String[] {"x-max-length", "x-max-length-bytes", "x-max-priority"}) {
      String prefix =
          "PRECONDITION_FAILED - invalid arg '" + key + "' for queue 'probe-q12' in vhost '/': ";
      assertRefused("probe-q12", args(key, -1L), prefix + "{value_negative,-1}");
      assertRefused("probe-q12", args(key, "10"), prefix + "\"expected integer, got longstr\"");
      assertRefused("probe-q12", args(key, 1.0), prefix + "\"expected integer, got double\"");
      assertRefused("probe-q12", args(key, true), prefix + "\"expected integer, got bool\"");
    }
    assertRefused(
        "probe-q12",
        args("x-max-priority", 256L),
        "PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue 'probe-q12' in vhost '/':"
            + " {max_value_exceeded,256}");
  }

  @Test
  void stringAndBooleanArgumentRefusalsMatchRabbitMq() {
    String q = "PRECONDITION_FAILED - invalid arg '%s' for queue 'probe-q13' in vhost '/': %s";
    assertRefused(
        "probe-q13",
        args("x-overflow", "bogus"),
        String.format(q, "x-overflow", "invalid_overflow"));
    assertRefused(
        "probe-q13",
        args("x-overflow", 1L),
        String.format(q, "x-overflow", "{unacceptable_type,long}"));
    assertRefused(
        "probe-q13",
        args("x-dead-letter-exchange", 1L),
        "PRECONDITION_FAILED - invalid type 'long' for arg 'x-dead-letter-exchange' in queue 'probe-q13' in"
            + " vhost '/'");
    assertRefused(
        "probe-q13",
        args("x-dead-letter-exchange", new AsciiString("dlx")),
        "PRECONDITION_FAILED - invalid type 'binary' for arg 'x-dead-letter-exchange' in queue 'probe-q13'"
            + " in vhost '/'");
    assertRefused(
        "probe-q13",
        args("x-dead-letter-routing-key", 1L),
        String.format(q, "x-dead-letter-routing-key", "{unacceptable_type,long}"));
    assertRefused(
        "probe-q13",
        args("x-dead-letter-routing-key", "k"),
        String.format(q, "x-dead-letter-routing-key", "routing_key_but_no_dlx_defined"));
    assertRefused(
        "probe-q13",
        args("x-single-active-consumer", "true"),
        String.format(q, "x-single-active-consumer", "{unacceptable_type,longstr}"));
    assertRefused(
        "probe-q13",
        args("x-single-active-consumer", 1L),
        String.format(q, "x-single-active-consumer", "{unacceptable_type,long}"));
    assertRefused(
        "probe-q13",
        args("x-queue-type", "bogus"),
        String.format(q, "x-queue-type", "\"unsupported queue type 'bogus'\""));
    assertRefused(
        "probe-q13",
        args("x-queue-mode", "bogus"),
        String.format(q, "x-queue-mode", "\"unsupported queue mode 'bogus'\""));
    assertRefused(
        "probe-g",
        args("x-queue-type", 1L),
        "PRECONDITION_FAILED - invalid arg 'x-queue-type' for queue 'probe-g' in vhost '/': {unacceptable_type,long}");
  }

  @Test
  void argumentsOfOtherQueueTypesAreRefusedAfterAllValueChecks() {
    assertRefused(
        "probe-q13",
        args("x-max-in-memory-length", 5L),
        "PRECONDITION_FAILED - invalid arg 'x-max-in-memory-length' for queue 'probe-q13' in vhost '/' of"
            + " queue type rabbit_classic_queue");
    assertRefused(
        "probe-c",
        args("x-max-in-memory-length", -1L),
        "PRECONDITION_FAILED - invalid arg 'x-max-in-memory-length' for queue 'probe-c' in vhost '/' of"
            + " queue type rabbit_classic_queue");
    assertRefused(
        "probe-g",
        args("x-max-in-memory-length", 5L, "x-max-priority", 256L),
        "PRECONDITION_FAILED - invalid arg 'x-max-priority' for queue 'probe-g' in vhost '/':"
            + " {max_value_exceeded,256}");
  }

  @Test
  void severalBadArgumentsReportTheFirstInRabbitMqOrderNotTableOrder() {
    String expected =
        "PRECONDITION_FAILED - invalid arg 'x-expires' for queue 'probe-q13' in vhost '/': {value_zero,0}";
    assertRefused("probe-q13", args("x-message-ttl", -1L, "x-expires", 0L), expected);
    assertRefused("probe-q13", args("x-expires", 0L, "x-message-ttl", -1L), expected);
    Map<String, Object> hashOrder = new HashMap<>(args("x-expires", 0L, "x-message-ttl", -1L));
    assertRefused("probe-q13", hashOrder, expected);
  }
}
