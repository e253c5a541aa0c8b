package dev.tierkit.mq.protocol;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * The wire encodings of basic properties and field tables, for code outside the frame codec that
 * keeps them in bytes (the message store writes a message's properties and a queue's arguments
 * exactly as they travel). Reading checks every length as the frame decoder does and throws {@link
 * IllegalArgumentException} on malformed input; tables nest at most {@link
 * CodecLimits#DEFAULT_MAX_TABLE_DEPTH} deep.
 */
public final class FieldCodec {
  private FieldCodec() {}

  /** Writes the property flags and the present properties, as in a content header. */
  public static void writeProperties(ByteBuf out, BasicProperties properties) {
    properties.write(new ArgumentWriter(out));
  }

  /** Reads what {@link #writeProperties} wrote, consuming exactly those bytes. */
  public static BasicProperties readProperties(ByteBuf in) {
    try {
      return BasicProperties.read(new ArgumentReader(in, CodecLimits.DEFAULT_MAX_TABLE_DEPTH));
    } catch (AmqpDecodeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Writes a field table: its four-octet length, then name and typed value pairs. */
  public static void writeTable(ByteBuf out, Map<String, ?> table) {
    new ArgumentWriter(out).table(table);
  }

  /** Reads what {@link #writeTable} wrote, consuming exactly those bytes. */
  public static Map<String, Object> readTable(ByteBuf in) {
    try {
      return new ArgumentReader(in, CodecLimits.DEFAULT_MAX_TABLE_DEPTH).table();
    } catch (AmqpDecodeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
