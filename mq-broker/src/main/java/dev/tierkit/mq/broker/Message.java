package dev.tierkit.mq.broker;

import dev.tierkit.mq.protocol.BasicProperties;
import dev.tierkit.mq.store.StoredMessage;
import java.util.Objects;

/**
 * One published message as the broker holds it: where it was published, its properties and its
 * body. Shared by every queue it was routed to and never changed, except that its body may be
 * dropped from memory once the message store holds it ({@link #stored()}); readers then fetch the
 * body from the store.
 *
 * <p>Bodies are copied out of the network buffers into a {@code byte[]} once at publish: a message
 * may sit in queues for hours and be delivered on other event loops, and a plain array makes its
 * lifetime the garbage collector's business instead of a reference count shared across threads.
 */
public final class Message {
  private final String exchange;
  private final String routingKey;
  private final BasicProperties properties;
  private final int bodySize;
  private final StoredMessage stored;
  private volatile byte[] body;

  public Message(
      String exchange,
      String routingKey,
      BasicProperties properties,
      byte[] body,
      StoredMessage stored) {
    this(exchange, routingKey, properties, body.length, body, stored);
  }

  private Message(
      String exchange,
      String routingKey,
      BasicProperties properties,
      int bodySize,
      byte[] body,
      StoredMessage stored) {
    this.exchange = Objects.requireNonNull(exchange, "exchange");
    this.routingKey = Objects.requireNonNull(routingKey, "routingKey");
    this.properties = Objects.requireNonNull(properties, "properties");
    this.bodySize = bodySize;
    this.body = body;
    this.stored = stored;
  }

  /** A message recovered from the store, whose body is read from there when delivered. */
  public static Message recovered(
      String exchange,
      String routingKey,
      BasicProperties properties,
      int bodySize,
      StoredMessage stored) {
    return new Message(
        exchange, routingKey, properties, bodySize, null, Objects.requireNonNull(stored, "stored"));
  }

  public String exchange() {
    return exchange;
  }

  public String routingKey() {
    return routingKey;
  }

  public BasicProperties properties() {
    return properties;
  }

  public int bodySize() {
    return bodySize;
  }

  /** The body, or null when it lives only in the store. */
  public byte[] body() {
    return body;
  }

  /** The store's handle, or null for a message kept only in memory. */
  public StoredMessage stored() {
    return stored;
  }

  public boolean persistent() {
    return properties.isPersistent();
  }

  /** The same message with a store handle, for a queue that pages it out. */
  Message withStored(StoredMessage handle) {
    return new Message(exchange, routingKey, properties, bodySize, body, handle);
  }

  /** A private copy whose body this queue may drop once the store has written it. */
  Message pagedCopy() {
    return new Message(exchange, routingKey, properties, bodySize, body, stored);
  }

  /** Forgets the body; only for a copy no other queue shares, once the store has written it. */
  void dropBody() {
    body = null;
  }

  /** Approximate heap bytes the body costs while held. */
  long memoryCost() {
    return body == null ? 0 : bodySize + 16L;
  }
}
