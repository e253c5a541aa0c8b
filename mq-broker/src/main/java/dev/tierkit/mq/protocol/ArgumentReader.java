package dev.tierkit.mq.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.util.AsciiString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads method arguments and property values from one frame's payload, in the AMQP 0-9-1 encoding:
 * network byte order, consecutive {@code bit} arguments packed into one octet, shortstr with a
 * one-octet length, longstr and tables with a four-octet length.
 *
 * <p>Every length is checked against what is left of the payload before anything is allocated, so a
 * truncated or lying length becomes an {@link AmqpDecodeException} (502 SYNTAX_ERROR), never an
 * {@code IndexOutOfBoundsException} or a huge allocation; the payload itself is already bounded by
 * frame_max.
 *
 * <p>Field values use RabbitMQ's type letters (its "AMQP 0-9-1 errata", which differ from the 0-9-1
 * spec's table): {@code t} boolean, {@code b} signed and {@code B} unsigned 8-bit, {@code s} signed
 * and {@code u} unsigned 16-bit, {@code I} signed and {@code i} unsigned 32-bit, {@code l} signed
 * 64-bit, {@code f} float, {@code d} double, {@code D} decimal, {@code S} long string, {@code A}
 * array, {@code T} timestamp, {@code F} table, {@code V} void, {@code x} byte array. They decode to
 * Boolean, Byte, Integer (B), Short, Integer (u), Integer, Long (i), Long, Float, Double,
 * BigDecimal, String (UTF-8), List, Instant (whole seconds), Map, null and {@link AsciiString}. A
 * value re-encoded by {@link ArgumentWriter} decodes to an equal value, though unsigned types come
 * back as the wider signed letter.
 */
final class ArgumentReader {
  private final ByteBuf in;
  private final int maxTableDepth;
  private int bits;
  private int bitMask;

  ArgumentReader(ByteBuf in, int maxTableDepth) {
    this.in = in;
    this.maxTableDepth = maxTableDepth;
  }

  boolean bit() {
    if (bitMask == 0 || bitMask == 0x100) {
      bits = octet();
      bitMask = 1;
    }
    boolean value = (bits & bitMask) != 0;
    bitMask <<= 1;
    return value;
  }

  int octet() {
    need(1, "octet");
    bitMask = 0;
    return in.readUnsignedByte();
  }

  int shortUint() {
    need(2, "short");
    bitMask = 0;
    return in.readUnsignedShort();
  }

  int longUint() {
    need(4, "long");
    bitMask = 0;
    return in.readInt();
  }

  long longLong() {
    need(8, "longlong");
    bitMask = 0;
    return in.readLong();
  }

  String shortString() {
    int length = octet();
    need(length, "shortstr");
    return in.readCharSequence(length, StandardCharsets.UTF_8).toString();
  }

  String longString() {
    int length = longStringLength();
    return in.readCharSequence(length, StandardCharsets.UTF_8).toString();
  }

  AsciiString longBytes() {
    byte[] bytes = new byte[longStringLength()];
    in.readBytes(bytes);
    return new AsciiString(bytes, false);
  }

  private int longStringLength() {
    int length = longUint();
    if (length < 0 || length > in.readableBytes()) {
      throw syntax("longstr length " + Integer.toUnsignedLong(length) + " runs past the frame");
    }
    return length;
  }

  Map<String, Object> table() {
    return table(1);
  }

  boolean isReadable() {
    return in.isReadable();
  }

  int readableBytes() {
    return in.readableBytes();
  }

  private Map<String, Object> table(int depth) {
    if (depth > maxTableDepth) {
      throw syntax("field tables nested deeper than " + maxTableDepth);
    }
    int length = longUint();
    if (length < 0 || length > in.readableBytes()) {
      throw syntax("field table length " + Integer.toUnsignedLong(length) + " runs past the frame");
    }
    int end = in.readerIndex() + length;
    Map<String, Object> table = new LinkedHashMap<>();
    while (in.readerIndex() < end) {
      String name = shortString();
      Object value = fieldValue(depth, end);
      table.put(name, value);
    }
    if (in.readerIndex() != end) {
      throw syntax("field table entry runs past the table's length");
    }
    return Collections.unmodifiableMap(table);
  }

  private List<Object> array(int depth) {
    if (depth > maxTableDepth) {
      throw syntax("field arrays nested deeper than " + maxTableDepth);
    }
    int length = longUint();
    if (length < 0 || length > in.readableBytes()) {
      throw syntax("field array length " + Integer.toUnsignedLong(length) + " runs past the frame");
    }
    int end = in.readerIndex() + length;
    List<Object> values = new ArrayList<>();
    while (in.readerIndex() < end) {
      values.add(fieldValue(depth, end));
    }
    if (in.readerIndex() != end) {
      throw syntax("field array value runs past the array's length");
    }
    return Collections.unmodifiableList(values);
  }

  /**
   * Reads one typed value of a table or array ending at {@code end}; values may not run past it,
   * which is checked by limiting reads to the container's bytes.
   */
  private Object fieldValue(int depth, int end) {
    int outerLimit = in.writerIndex();
    in.writerIndex(end);
    try {
      int type = octet();
      switch (type) {
        case 't':
          return octet() != 0;
        case 'b':
          return (byte) octet();
        case 'B':
          return octet();
        case 's':
          return (short) shortUint();
        case 'u':
          return shortUint();
        case 'I':
          return longUint();
        case 'i':
          return Integer.toUnsignedLong(longUint());
        case 'l':
          return longLong();
        case 'f':
          return Float.intBitsToFloat(longUint());
        case 'd':
          return Double.longBitsToDouble(longLong());
        case 'D':
          {
            int scale = octet();
            return BigDecimal.valueOf(longUint(), scale);
          }
        case 'S':
          return longString();
        case 'A':
          return array(depth + 1);
        case 'T':
          return Instant.ofEpochSecond(longLong());
        case 'F':
          return table(depth + 1);
        case 'V':
          return null;
        case 'x':
          return longBytes();
        default:
          throw syntax("unknown field value type '" + printable(type) + "'");
      }
    } finally {
      in.writerIndex(outerLimit);
    }
  }

  private static String printable(int type) {
    return type >= 0x21 && type < 0x7f
        ? String.valueOf((char) type)
        : "0x" + Integer.toHexString(type);
  }

  private void need(int bytes, String what) {
    if (in.readableBytes() < bytes) {
      throw syntax(what + " runs past the end of the frame");
    }
  }

  static AmqpDecodeException syntax(String message) {
    return new AmqpDecodeException(ReplyCode.SYNTAX_ERROR, message);
  }
}
