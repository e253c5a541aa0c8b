package dev.tierkit.mq.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.util.AsciiString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Writes method arguments and property values straight into an outbound buffer, the inverse of
 * {@link ArgumentReader}. Values that cannot be represented (a shortstr over 255 UTF-8 bytes, a
 * field value of an unsupported Java type, a decimal that does not fit) are an {@link
 * IllegalArgumentException} naming the value: a programming error on our side, never sent.
 *
 * <p>Field values are written as RabbitMQ's clients write them: Boolean {@code t}, Byte {@code b},
 * Short {@code s}, Integer {@code I}, Long {@code l}, Float {@code f}, Double {@code d}, BigDecimal
 * {@code D}, CharSequence {@code S}, {@link AsciiString} and byte[] {@code x}, Instant and Date
 * {@code T}, Map {@code F}, List {@code A}, null {@code V}.
 */
public final class ArgumentWriter {
  private final ByteBuf out;
  private int bitIndex = -1;
  private int bitMask;

  ArgumentWriter(ByteBuf out) {
    this.out = out;
  }

  ArgumentWriter bit(boolean value) {
    if (bitIndex < 0 || bitMask == 0x100) {
      bitIndex = out.writerIndex();
      out.writeByte(0);
      bitMask = 1;
    }
    if (value) {
      out.setByte(bitIndex, out.getByte(bitIndex) | bitMask);
    }
    bitMask <<= 1;
    return this;
  }

  ArgumentWriter octet(int value) {
    bitIndex = -1;
    out.writeByte(value);
    return this;
  }

  ArgumentWriter shortUint(int value) {
    bitIndex = -1;
    out.writeShort(value);
    return this;
  }

  ArgumentWriter longUint(int value) {
    bitIndex = -1;
    out.writeInt(value);
    return this;
  }

  ArgumentWriter longLong(long value) {
    bitIndex = -1;
    out.writeLong(value);
    return this;
  }

  ArgumentWriter shortString(String value) {
    bitIndex = -1;
    int length = ByteBufUtil.utf8Bytes(value);
    if (length > 255) {
      throw new IllegalArgumentException(
          "shortstr is limited to 255 UTF-8 bytes, got " + length + ": " + abbreviate(value));
    }
    out.writeByte(length);
    out.writeCharSequence(value, StandardCharsets.UTF_8);
    return this;
  }

  ArgumentWriter longString(CharSequence value) {
    bitIndex = -1;
    if (value instanceof AsciiString ascii) {
      out.writeInt(ascii.length());
      out.writeBytes(ascii.array(), ascii.arrayOffset(), ascii.length());
      return this;
    }
    int lengthIndex = out.writerIndex();
    out.writeInt(0);
    int written = out.writeCharSequence(value, StandardCharsets.UTF_8);
    out.setInt(lengthIndex, written);
    return this;
  }

  ArgumentWriter table(Map<String, ?> table) {
    bitIndex = -1;
    int lengthIndex = out.writerIndex();
    out.writeInt(0);
    for (Map.Entry<String, ?> entry : table.entrySet()) {
      shortString(entry.getKey());
      fieldValue(entry.getValue());
    }
    out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
    return this;
  }

  private void array(List<?> values) {
    int lengthIndex = out.writerIndex();
    out.writeInt(0);
    for (Object value : values) {
      fieldValue(value);
    }
    out.setInt(lengthIndex, out.writerIndex() - lengthIndex - 4);
  }

  private void fieldValue(Object value) {
    if (value == null) {
      out.writeByte('V');
    } else if (value instanceof Boolean b) {
      out.writeByte('t').writeByte(b ? 1 : 0);
    } else if (value instanceof Byte b) {
      out.writeByte('b').writeByte(b);
    } else if (value instanceof Short s) {
      out.writeByte('s').writeShort(s);
    } else if (value instanceof Integer i) {
      out.writeByte('I').writeInt(i);
    } else if (value instanceof Long l) {
      out.writeByte('l').writeLong(l);
    } else if (value instanceof Float f) {
      out.writeByte('f').writeFloat(f);
    } else if (value instanceof Double d) {
      out.writeByte('d').writeDouble(d);
    } else if (value instanceof BigDecimal d) {
      decimal(d);
    } else if (value instanceof AsciiString bytes) {
      out.writeByte('x');
      longString(bytes);
    } else if (value instanceof byte[] bytes) {
      out.writeByte('x').writeInt(bytes.length).writeBytes(bytes);
    } else if (value instanceof CharSequence s) {
      out.writeByte('S');
      longString(s);
    } else if (value instanceof Instant t) {
      out.writeByte('T').writeLong(t.getEpochSecond());
    } else if (value instanceof Date t) {
      out.writeByte('T').writeLong(t.getTime() / 1000);
    } else if (value instanceof Map<?, ?> map) {
      out.writeByte('F');
      table(stringKeys(map));
    } else if (value instanceof List<?> list) {
      out.writeByte('A');
      array(list);
    } else {
      throw new IllegalArgumentException(
          "no AMQP field type for a " + value.getClass().getName() + ": " + value);
    }
    bitIndex = -1;
  }

  private void decimal(BigDecimal value) {
    if (value.scale() < 0 || value.scale() > 255) {
      throw new IllegalArgumentException("decimal scale must be 0..255, got " + value);
    }
    int unscaled;
    try {
      unscaled = value.unscaledValue().intValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("decimal does not fit 32 bits unscaled: " + value, e);
    }
    out.writeByte('D').writeByte(value.scale()).writeInt(unscaled);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ?> stringKeys(Map<?, ?> map) {
    for (Object key : map.keySet()) {
      if (!(key instanceof String)) {
        throw new IllegalArgumentException("field table keys must be strings, got " + key);
      }
    }
    return (Map<String, ?>) map;
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
