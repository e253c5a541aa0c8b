package dev.tierkit.mq.protocol;

import java.util.Objects;

/** A method frame: one {@link Method} sent on a channel. */
public record MethodFrame(int channel, Method method) implements AmqpFrame {
  public MethodFrame {
    Objects.requireNonNull(method, "method");
    if (channel < 0 || channel > 0xFFFF) {
      throw new IllegalArgumentException("channel must be 0..65535, got " + channel);
    }
  }
}
