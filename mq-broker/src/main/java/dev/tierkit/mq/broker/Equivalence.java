package dev.tierkit.mq.broker;

import dev.tierkit.mq.protocol.ReplyCode;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * RabbitMQ's checks when an existing queue or exchange is declared again (not passively): the
 * redeclaration must match what exists, or the channel is closed with 406 PRECONDITION_FAILED
 * "inequivalent arg 'NAME' for queue 'Q' in vhost 'V': received X but current is Y", or 405
 * RESOURCE_LOCKED for exclusive-ownership mismatches. Texts as RabbitMQ 3.10.8 sends them.
 *
 * <p>Order, as RabbitMQ's: a queue's exclusive ownership (checked by the caller with {@link
 * #checkQueueOwner} first, as it is the one 405), then {@code durable}, {@code auto_delete}, then
 * the arguments RabbitMQ knows ({@link QueueArguments#DECLARE_ARGS} order, {@code x-queue-type} not
 * compared for classic queues; unknown arguments such as {@code foo} are never compared). An
 * exchange compares {@code type}, {@code durable}, {@code auto_delete}, {@code internal}, then the
 * {@code alternate-exchange} argument. Arguments are equal when they have the same type and value,
 * or when both are integers (or both floats) of equal value: a TTL declared as a 32-bit int matches
 * the same TTL as a 64-bit long.
 *
 * <p>Passive declares skip all of this (RabbitMQ accepts a passive declare with any flags).
 */
public final class Equivalence {
  private static final List<String> QUEUE_KEYS =
      QueueArguments.DECLARE_ARGS.stream().filter(k -> !k.equals("x-queue-type")).toList();
  private static final List<String> EXCHANGE_KEYS = List.of("alternate-exchange");

  private Equivalence() {}

  /**
   * Checks a queue redeclaration's flags and arguments against the existing queue's ({@code
   * current...}); null argument tables are empty.
   */
  public static void checkQueue(
      String vhost,
      String queue,
      boolean currentDurable,
      boolean currentAutoDelete,
      Map<String, Object> currentArguments,
      boolean durable,
      boolean autoDelete,
      Map<String, Object> arguments)
      throws ArgumentException {
    String resource = "queue '" + queue + "' in vhost '" + vhost + "'";
    flag(resource, "durable", currentDurable, durable);
    flag(resource, "auto_delete", currentAutoDelete, autoDelete);
    arguments(resource, QUEUE_KEYS, currentArguments, arguments);
  }

  /**
   * Checks an exchange redeclaration against the existing exchange; {@code type} is the requested
   * (already known) type, see {@link ExchangeType#require}.
   */
  public static void checkExchange(
      String vhost,
      String exchange,
      ExchangeType currentType,
      boolean currentDurable,
      boolean currentAutoDelete,
      boolean currentInternal,
      Map<String, Object> currentArguments,
      ExchangeType type,
      boolean durable,
      boolean autoDelete,
      boolean internal,
      Map<String, Object> arguments)
      throws ArgumentException {
    String resource = "exchange '" + exchange + "' in vhost '" + vhost + "'";
    if (currentType != type) {
      throw inequivalent(
          resource, "type", "'" + type.wireName() + "'", "'" + currentType.wireName() + "'");
    }
    flag(resource, "durable", currentDurable, durable);
    flag(resource, "auto_delete", currentAutoDelete, autoDelete);
    flag(resource, "internal", currentInternal, internal);
    arguments(resource, EXCHANGE_KEYS, currentArguments, arguments);
  }

  /**
   * The strict ownership check of a non-passive {@code queue.declare} of an existing queue: {@code
   * currentOwner} is the connection owning the exclusive queue (null when not exclusive), {@code
   * requestedOwner} the declaring connection when it asks for exclusive, else null. They must be
   * the same, so an exclusive queue redeclared non-exclusive by its own connection is refused too,
   * as by RabbitMQ.
   */
  public static void checkQueueOwner(
      String vhost, String queue, Object currentOwner, Object requestedOwner)
      throws ArgumentException {
    if (!Objects.equals(currentOwner, requestedOwner)) {
      throw resourceLocked(vhost, queue);
    }
  }

  /**
   * The lenient check of every other use of a queue (passive declare, bind, consume, get, purge,
   * delete): allowed when it is not exclusive or is owned by {@code connection}.
   */
  public static void checkQueueAccess(
      String vhost, String queue, Object currentOwner, Object connection) throws ArgumentException {
    if (currentOwner != null && !currentOwner.equals(connection)) {
      throw resourceLocked(vhost, queue);
    }
  }

  /** RabbitMQ's 405 for an exclusive queue used from another connection. */
  public static ArgumentException resourceLocked(String vhost, String queue) {
    return new ArgumentException(
        ReplyCode.RESOURCE_LOCKED,
        "cannot obtain exclusive access to locked queue '"
            + queue
            + "' in vhost '"
            + vhost
            + "'. It could be originally declared on another connection or the exclusive"
            + " property value does not match that of the original declaration.");
  }

  private static void flag(String resource, String name, boolean current, boolean received)
      throws ArgumentException {
    if (current != received) {
      throw inequivalent(resource, name, "'" + received + "'", "'" + current + "'");
    }
  }

  private static void arguments(
      String resource, List<String> keys, Map<String, Object> current, Map<String, Object> received)
      throws ArgumentException {
    Map<String, Object> cur = current == null ? Map.of() : current;
    Map<String, Object> rec = received == null ? Map.of() : received;
    for (String key : keys) {
      boolean hasCur = cur.containsKey(key);
      boolean hasRec = rec.containsKey(key);
      if (!hasCur && !hasRec) {
        continue;
      }
      Object c = cur.get(key);
      Object r = rec.get(key);
      if (hasCur && hasRec) {
        if (FieldValues.typedEquals(c, r)
            || (FieldValues.typeClass(c).equals(FieldValues.typeClass(r))
                && FieldValues.erlangEquals(c, r))) {
          continue;
        }
        throw inequivalent(resource, key, bare(r), bare(c));
      }
      throw inequivalent(resource, key, hasRec ? typed(r) : "none", hasCur ? typed(c) : "none");
    }
  }

  private static String bare(Object value) {
    byte[] b = FieldValues.bytes(value);
    return "'" + (b != null ? ErlangFormat.utf8(b) : ErlangFormat.valueTerm(value)) + "'";
  }

  private static String typed(Object value) {
    return "the value " + bare(value) + " of type '" + FieldValues.typeName(value) + "'";
  }

  private static ArgumentException inequivalent(
      String resource, String name, String received, String current) {
    return new ArgumentException(
        ReplyCode.PRECONDITION_FAILED,
        "inequivalent arg '"
            + name
            + "' for "
            + resource
            + ": received "
            + received
            + " but current is "
            + current);
  }
}
