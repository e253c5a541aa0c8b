package dev.tierkit.mq.protocol;

import java.util.Objects;

/**
 * A content header frame: the class whose method carries the content (always 60 basic in 0-9-1),
 * the total body size that the following body frames add up to, and the basic properties. The
 * spec's weight field is always written as 0 and must be 0 on reading.
 */
public record ContentHeaderFrame(
    int channel, int classId, long bodySize, BasicProperties properties) implements AmqpFrame {
  public ContentHeaderFrame {
    Objects.requireNonNull(properties, "properties");
    if (bodySize < 0) {
      throw new IllegalArgumentException("bodySize must not be negative, got " + bodySize);
    }
  }

  /** A header for {@code basic} content, the only class that has any. */
  public static ContentHeaderFrame basic(int channel, long bodySize, BasicProperties properties) {
    return new ContentHeaderFrame(channel, BasicMethod.CLASS_ID, bodySize, properties);
  }
}
