package dev.tierkit.mq.protocol;

import java.util.Map;

/**
 * The 14 properties of class {@code basic}, carried in a content header; any of them may be absent
 * ({@code null}). On the wire each present property sets one bit of the property flags, from bit 15
 * (content-type) down to bit 2 (cluster-id); bit 0 says another flags word follows.
 *
 * @param deliveryMode 1 transient, 2 persistent
 * @param priority 0..9 as RabbitMQ reads it (an octet on the wire)
 * @param timestamp seconds since the epoch
 */
public record BasicProperties(
    String contentType,
    String contentEncoding,
    Map<String, Object> headers,
    Integer deliveryMode,
    Integer priority,
    String correlationId,
    String replyTo,
    String expiration,
    String messageId,
    Long timestamp,
    String type,
    String userId,
    String appId,
    String clusterId) {

  /** No property set. */
  public static final BasicProperties EMPTY =
      new BasicProperties(
          null, null, null, null, null, null, null, null, null, null, null, null, null, null);

  /** True for delivery mode 2, which RabbitMQ stores on disk in a durable queue. */
  public boolean isPersistent() {
    return deliveryMode != null && deliveryMode == 2;
  }

  static BasicProperties read(ArgumentReader in) {
    int flags = in.shortUint();
    int continuation = flags;
    // Basic has 14 properties, all in the first word; later words, if a client sends any, must be
    // empty. The loop is bounded by the frame because each word consumes two bytes.
    while ((continuation & 1) != 0) {
      continuation = in.shortUint();
      if ((continuation & ~1) != 0) {
        throw ArgumentReader.syntax("basic properties have no flags beyond the first word");
      }
    }
    if ((flags & 0b10) != 0) {
      throw ArgumentReader.syntax("property flag bit 1 is not assigned in class basic");
    }
    return new BasicProperties(
        (flags & 1 << 15) != 0 ? in.shortString() : null,
        (flags & 1 << 14) != 0 ? in.shortString() : null,
        (flags & 1 << 13) != 0 ? in.table() : null,
        (flags & 1 << 12) != 0 ? in.octet() : null,
        (flags & 1 << 11) != 0 ? in.octet() : null,
        (flags & 1 << 10) != 0 ? in.shortString() : null,
        (flags & 1 << 9) != 0 ? in.shortString() : null,
        (flags & 1 << 8) != 0 ? in.shortString() : null,
        (flags & 1 << 7) != 0 ? in.shortString() : null,
        (flags & 1 << 6) != 0 ? in.longLong() : null,
        (flags & 1 << 5) != 0 ? in.shortString() : null,
        (flags & 1 << 4) != 0 ? in.shortString() : null,
        (flags & 1 << 3) != 0 ? in.shortString() : null,
        (flags & 1 << 2) != 0 ? in.shortString() : null);
  }

  void write(ArgumentWriter out) {
    int flags = 0;
    Object[] values = {
      contentType, contentEncoding, headers, deliveryMode, priority, correlationId, replyTo,
      expiration, messageId, timestamp, type, userId, appId, clusterId
    };
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        flags |= 1 << (15 - i);
      }
    }
    out.shortUint(flags);
    writeIfPresent(out, contentType);
    writeIfPresent(out, contentEncoding);
    if (headers != null) {
      out.table(headers);
    }
    if (deliveryMode != null) {
      out.octet(deliveryMode);
    }
    if (priority != null) {
      out.octet(priority);
    }
    writeIfPresent(out, correlationId);
    writeIfPresent(out, replyTo);
    writeIfPresent(out, expiration);
    writeIfPresent(out, messageId);
    if (timestamp != null) {
      out.longLong(timestamp);
    }
    writeIfPresent(out, type);
    writeIfPresent(out, userId);
    writeIfPresent(out, appId);
    writeIfPresent(out, clusterId);
  }

  private static void writeIfPresent(ArgumentWriter out, String value) {
    if (value != null) {
      out.shortString(value);
    }
  }
}
