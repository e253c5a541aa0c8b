package dev.tierkit.mq.broker;

import java.util.Optional;

/**
 * What a queue does when a publish would take it over {@code x-max-length} or {@code
 * x-max-length-bytes} ({@code x-overflow}); {@link #DROP_HEAD} is the default.
 */
public enum Overflow {
  /** Drop (or dead-letter) the oldest messages to make room. */
  DROP_HEAD("drop-head"),
  /** Refuse the new message: with confirms it is nacked, otherwise dropped. */
  REJECT_PUBLISH("reject-publish"),
  /** As {@link #REJECT_PUBLISH}, and dead-letter the refused message. */
  REJECT_PUBLISH_DLX("reject-publish-dlx");

  private final String argumentValue;

  Overflow(String argumentValue) {
    this.argumentValue = argumentValue;
  }

  /** The value of {@code x-overflow}, e.g. {@code "reject-publish"}. */
  public String argumentValue() {
    return argumentValue;
  }

  /** The policy named {@code value} (case-sensitive, as RabbitMQ), or empty. */
  public static Optional<Overflow> fromArgumentValue(String value) {
    for (Overflow o : values()) {
      if (o.argumentValue.equals(value)) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }
}
