package dev.tierkit.mq.broker;

import dev.tierkit.mq.protocol.ReplyCode;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code queue.declare} arguments the broker acts on, validated as RabbitMQ 3.10 validates them
 * for a classic queue. Null means "not set": no message TTL, no queue expiry, no length limits, no
 * dead-lettering, no priorities.
 *
 * <p>Accepted: integer types (byte, short, int, long) for the numeric arguments, a long string for
 * {@code x-overflow} and {@code x-dead-letter-*}, a boolean for {@code x-single-active-consumer}.
 * Limits: {@code x-message-ttl} 0 to {@link Expiration#MAX_MILLIS}; {@code x-expires} 1 to that;
 * {@code x-max-length} and {@code x-max-length-bytes} 0 or more; {@code x-max-priority} 0 to 255;
 * {@code x-dead-letter-routing-key} only with {@code x-dead-letter-exchange}; {@code x-queue-mode}
 * {@code default} or {@code lazy} (checked, no effect here); {@code x-queue-type} {@code classic}.
 * Arguments only other queue types take ({@code x-max-in-memory-length}, {@code x-delivery-limit}
 * ...) are refused as RabbitMQ refuses them for classic queues; unknown arguments are ignored.
 *
 * <p>Arguments are checked in RabbitMQ's fixed order ({@code x-expires}, {@code x-message-ttl},
 * {@code x-dead-letter-exchange} ...), not the table's, and all values before the arguments other
 * queue types take, so with several bad arguments the same one is reported as by RabbitMQ. For an
 * existing queue RabbitMQ reports an inequivalent argument before an invalid one: run {@link
 * Equivalence#checkQueue} on a redeclare, and parse only when creating the queue. Deviation:
 * RabbitMQ accepts {@code x-queue-type} {@code quorum} and {@code stream}; this broker has only
 * classic queues and refuses them with the text RabbitMQ uses for an unknown type.
 *
 * @param messageTtlMillis {@code x-message-ttl}
 * @param expiresMillis {@code x-expires}: delete the queue after this long unused
 * @param maxLength {@code x-max-length} in messages
 * @param maxLengthBytes {@code x-max-length-bytes}, bodies only
 * @param overflow {@code x-overflow}, {@link Overflow#DROP_HEAD} when absent
 * @param deadLetterExchange {@code x-dead-letter-exchange} ("" is the default exchange)
 * @param deadLetterRoutingKey {@code x-dead-letter-routing-key}, null to keep the message's keys
 * @param singleActiveConsumer {@code x-single-active-consumer}
 * @param maxPriority {@code x-max-priority}
 */
public record QueueArguments(
    Long messageTtlMillis,
    Long expiresMillis,
    Long maxLength,
    Long maxLengthBytes,
    Overflow overflow,
    String deadLetterExchange,
    String deadLetterRoutingKey,
    boolean singleActiveConsumer,
    Integer maxPriority) {

  /** No arguments: what a declare with an empty table gets. */
  public static final QueueArguments NONE =
      new QueueArguments(null, null, null, null, Overflow.DROP_HEAD, null, null, false, null);

  /**
   * The arguments RabbitMQ checks on declare and compares on redeclare, in its order. The type and
   * queue-mode arguments are checked but compared only as RabbitMQ does for classic queues
   * (x-queue-type not at all).
   */
  static final List<String> DECLARE_ARGS =
      List.of(
          "x-expires",
          "x-message-ttl",
          "x-dead-letter-exchange",
          "x-dead-letter-routing-key",
          "x-max-length",
          "x-max-length-bytes",
          "x-max-in-memory-length",
          "x-max-in-memory-bytes",
          "x-max-priority",
          "x-overflow",
          "x-queue-mode",
          "x-single-active-consumer",
          "x-queue-type",
          "x-quorum-initial-group-size",
          "x-max-age",
          "x-stream-max-segment-size-bytes",
          "x-initial-cluster-size",
          "x-queue-leader-locator",
          "x-delivery-limit",
          "x-dead-letter-strategy");

  private static final Set<String> OTHER_QUEUE_TYPES_ONLY =
      Set.of(
          "x-max-in-memory-length",
          "x-max-in-memory-bytes",
          "x-quorum-initial-group-size",
          "x-max-age",
          "x-stream-max-segment-size-bytes",
          "x-initial-cluster-size",
          "x-queue-leader-locator",
          "x-delivery-limit",
          "x-dead-letter-strategy");

  private static final int MAX_PRIORITY = 255;

  /** Fills in the default overflow. */
  public QueueArguments {
    if (overflow == null) {
      overflow = Overflow.DROP_HEAD;
    }
  }

  /**
   * Validates as RabbitMQ does; throws ArgumentException with RabbitMQ's exact reply text (the part
   * after "PRECONDITION_FAILED - ") naming the queue and vhost.
   *
   * @param arguments the declare's table; null is empty
   */
  public static QueueArguments parse(String vhost, String queue, Map<String, Object> arguments)
      throws ArgumentException {
    if (arguments == null || arguments.isEmpty()) {
      return NONE;
    }
    Checker c = new Checker(vhost, queue, arguments);
    for (String key : DECLARE_ARGS) {
      if (arguments.containsKey(key) && !OTHER_QUEUE_TYPES_ONLY.contains(key)) {
        c.check(key, arguments.get(key));
      }
    }
    for (String key : DECLARE_ARGS) {
      if (arguments.containsKey(key) && OTHER_QUEUE_TYPES_ONLY.contains(key)) {
        throw c.unsupported(key);
      }
    }
    Object overflow = arguments.get("x-overflow");
    Object dlx = arguments.get("x-dead-letter-exchange");
    Object dlrk = arguments.get("x-dead-letter-routing-key");
    Object sac = arguments.get("x-single-active-consumer");
    Object priority = arguments.get("x-max-priority");
    return new QueueArguments(
        longOrNull(arguments.get("x-message-ttl")),
        longOrNull(arguments.get("x-expires")),
        longOrNull(arguments.get("x-max-length")),
        longOrNull(arguments.get("x-max-length-bytes")),
        overflow == null
            ? Overflow.DROP_HEAD
            : Overflow.fromArgumentValue(overflow.toString()).get(),
        dlx == null ? null : dlx.toString(),
        dlrk == null ? null : dlrk.toString(),
        Boolean.TRUE.equals(sac),
        priority == null ? null : (int) ((Number) priority).longValue());
  }

  private static Long longOrNull(Object value) {
    return value == null ? null : ((Number) value).longValue();
  }

  /** One declare's checks; the error texts quote RabbitMQ 3.10's rabbit_amqqueue. */
  private static final class Checker {
    private final String vhost;
    private final String queue;
    private final Map<String, Object> arguments;

    Checker(String vhost, String queue, Map<String, Object> arguments) {
      this.vhost = vhost;
      this.queue = queue;
      this.arguments = arguments;
    }

    ArgumentException unsupported(String key) {
      return new ArgumentException(
          ReplyCode.PRECONDITION_FAILED,
          "invalid arg '" + key + "' for " + resource() + " of queue type rabbit_classic_queue");
    }

    void check(String key, Object value) throws ArgumentException {
      switch (key) {
        case "x-expires" -> {
          BigInteger n = integer(key, value);
          if (n.signum() == 0) {
            throw invalid(key, "value_zero", n);
          }
          expiry(key, n);
        }
        case "x-message-ttl" -> expiry(key, integer(key, value));
        case "x-dead-letter-exchange" -> {
          String type = FieldValues.typeName(value);
          if (!type.equals("longstr")) {
            throw new ArgumentException(
                ReplyCode.PRECONDITION_FAILED,
                "invalid type '" + type + "' for arg '" + key + "' in " + resource());
          }
        }
        case "x-dead-letter-routing-key" -> {
          requireType(key, value, "longstr");
          if (!arguments.containsKey("x-dead-letter-exchange")) {
            throw invalid(key, ErlangFormat.bytes("routing_key_but_no_dlx_defined"));
          }
        }
        case "x-max-length", "x-max-length-bytes" -> nonNegative(key, integer(key, value));
        case "x-max-priority" -> {
          BigInteger n = integer(key, value);
          nonNegative(key, n);
          if (n.compareTo(BigInteger.valueOf(MAX_PRIORITY)) > 0) {
            throw invalid(key, "max_value_exceeded", n);
          }
        }
        case "x-overflow" -> {
          requireType(key, value, "longstr");
          if (Overflow.fromArgumentValue(value.toString()).isEmpty()) {
            throw invalid(key, ErlangFormat.bytes("invalid_overflow"));
          }
        }
        case "x-queue-mode" -> {
          requireType(key, value, "longstr");
          String mode = value.toString();
          if (!mode.equals("default") && !mode.equals("lazy")) {
            throw invalid(key, quotedString("unsupported queue mode '" + mode + "'"));
          }
        }
        case "x-single-active-consumer" -> requireType(key, value, "bool");
        case "x-queue-type" -> {
          requireType(key, value, "longstr");
          String type = value.toString();
          if (!type.equals("classic")) {
            throw invalid(key, quotedString("unsupported queue type '" + type + "'"));
          }
        }
        default -> throw new IllegalStateException("no check for " + key);
      }
    }

    private String resource() {
      return "queue '" + queue + "' in vhost '" + vhost + "'";
    }

    private BigInteger integer(String key, Object value) throws ArgumentException {
      if (!FieldValues.isInteger(value)) {
        throw invalid(key, quotedString("expected integer, got " + FieldValues.typeName(value)));
      }
      return BigInteger.valueOf(((Number) value).longValue());
    }

    private void expiry(String key, BigInteger n) throws ArgumentException {
      nonNegative(key, n);
      if (n.compareTo(BigInteger.valueOf(Expiration.MAX_MILLIS)) > 0) {
        throw invalid(key, "value_too_large", n);
      }
    }

    private void nonNegative(String key, BigInteger n) throws ArgumentException {
      if (n.signum() < 0) {
        throw invalid(key, "value_negative", n);
      }
    }

    private void requireType(String key, Object value, String type) throws ArgumentException {
      String actual = FieldValues.typeName(value);
      if (!actual.equals(type)) {
        throw invalid(key, "unacceptable_type", ErlangFormat.bytes(actual));
      }
    }

    private static byte[] quotedString(String s) {
      return ErlangFormat.stringTerm(ErlangFormat.utf8Bytes(s));
    }

    private byte[] prefix(String key) {
      return ErlangFormat.utf8Bytes("invalid arg '" + key + "' for " + resource() + ": ");
    }

    private ArgumentException invalid(String key, String atom, BigInteger n) {
      return invalid(key, atom, ErlangFormat.integerTerm(n));
    }

    private ArgumentException invalid(String key, String atom, byte[] second) {
      return invalid(key, ErlangFormat.tuple(prefix(key).length, 255, atom, second));
    }

    private ArgumentException invalid(String key, byte[] reason) {
      return new ArgumentException(
          ReplyCode.PRECONDITION_FAILED,
          ErlangFormat.utf8(ErlangFormat.concat(prefix(key), reason)));
    }
  }
}
