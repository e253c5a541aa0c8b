package dev.tierkit.cache.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Decimal numbers and protocol text written straight into a buffer, without temporary strings. */
final class Ascii {
  static final byte[] CRLF = {'\r', '\n'};

  private Ascii() {}

  /** Writes {@code text} (ASCII) and CRLF. */
  static void writeLine(ByteBuf out, String text) {
    out.writeCharSequence(text, StandardCharsets.US_ASCII);
    out.writeBytes(CRLF);
  }

  static void writeAscii(ByteBuf out, String text) {
    out.writeCharSequence(text, StandardCharsets.US_ASCII);
  }

  /** Writes {@code value} as a signed decimal. */
  static void writeLong(ByteBuf out, long value) {
    if (value < 0) {
      out.writeByte('-');
      if (value == Long.MIN_VALUE) {
        writeAscii(out, "9223372036854775808");
        return;
      }
      value = -value;
    }
    writeUnsigned(out, value);
  }

  /** Writes {@code value} as an unsigned 64-bit decimal. */
  static void writeUnsigned(ByteBuf out, long value) {
    if (value < 0) {
      // Above Long.MAX_VALUE: print the leading digits, then the last one.
      long quotient = Long.divideUnsigned(value, 10);
      writeUnsigned(out, quotient);
      out.writeByte('0' + (int) (value - quotient * 10));
      return;
    }
    if (value < 10) {
      out.writeByte('0' + (int) value);
      return;
    }
    int digits = digits(value);
    int at = out.writerIndex() + digits;
    out.ensureWritable(digits);
    for (int i = at - 1; i >= at - digits; i--) {
      out.setByte(i, '0' + (int) (value % 10));
      value /= 10;
    }
    out.writerIndex(at);
  }

  /** The decimal digits of a non-negative long. */
  static int digits(long value) {
    int digits = 1;
    long bound = 10;
    while (digits < 19 && value >= bound) {
      digits++;
      bound *= 10;
    }
    return digits;
  }

  /** The decimal form of an unsigned 64-bit value, as bytes. */
  static byte[] unsignedBytes(long value) {
    return Long.toUnsignedString(value).getBytes(StandardCharsets.US_ASCII);
  }

  /** A printable form of a key for logs and toString. */
  static String keyString(byte[] key) {
    return new String(key, StandardCharsets.ISO_8859_1);
  }

  /** C's isspace. */
  static boolean isSpace(int b) {
    return b == ' ' || (b >= '\t' && b <= '\r');
  }
}
