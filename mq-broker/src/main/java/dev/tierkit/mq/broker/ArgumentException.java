package dev.tierkit.mq.broker;

import dev.tierkit.mq.protocol.ReplyCode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A declaration, binding or publish that RabbitMQ refuses, carrying the reply code and the exact
 * reply text it sends in {@code channel.close} (or {@code connection.close} for connection-level
 * codes such as 503). The text is {@code NAME - explanation}, as RabbitMQ writes it, cut like
 * RabbitMQ's to fit a shortstr: longer than 255 bytes becomes its first 252 bytes and {@code "..."}
 * (here at a UTF-8 character boundary, so the result stays valid UTF-8).
 */
public final class ArgumentException extends Exception {
  private static final long serialVersionUID = 1L;
  private static final int MAX_REPLY_TEXT = 255;

  private final ReplyCode reply;
  private final String explanation;
  private final String replyText;

  /** A refusal with {@code reply} (e.g. PRECONDITION_FAILED) and the explanation after " - ". */
  public ArgumentException(ReplyCode reply, String explanation) {
    super(reply.name() + " - " + explanation);
    this.reply = Objects.requireNonNull(reply, "reply");
    this.explanation = Objects.requireNonNull(explanation, "explanation");
    this.replyText = shorten(reply.name() + " - " + explanation);
  }

  /** The numeric reply code, 406 for most argument errors. */
  public int replyCode() {
    return reply.code();
  }

  /** The reply code as an enum, e.g. to tell channel from connection errors. */
  public ReplyCode reply() {
    return reply;
  }

  /** The full reply text with its {@code "PRECONDITION_FAILED - "} prefix, as RabbitMQ sends it. */
  public String replyText() {
    return replyText;
  }

  /** The text after the prefix, not shortened. */
  public String explanation() {
    return explanation;
  }

  private static String shorten(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_REPLY_TEXT) {
      return text;
    }
    int end = MAX_REPLY_TEXT - 3;
    while (end > 0 && (bytes[end] & 0xc0) == 0x80) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8) + "...";
  }
}
