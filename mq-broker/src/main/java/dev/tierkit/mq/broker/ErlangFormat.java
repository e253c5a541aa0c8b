package dev.tierkit.mq.broker;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Just enough of Erlang's {@code io_lib:format} to reproduce RabbitMQ's reply texts byte for byte:
 * {@code ~p} of the small terms RabbitMQ puts in them (integers, atoms, strings, binaries,
 * two-element tuples, floats), including the pretty printer's line break.
 *
 * <p>Texts are built as bytes, because Erlang formats these strings as lists of bytes: a UTF-8
 * multi-byte character counts as several columns and its bytes are "printable" one by one in
 * Latin-1. Measured on RabbitMQ 3.10.8 (Erlang/OTP 25): {@code ~p} of a tuple {@code {Atom,X}}
 * starting at column c (bytes of text before it) stays on one line when c + its flat length &lt;=
 * line length - 2 (80 for {@code ~p}, 255 for {@code ~255p}); otherwise it prints the opening
 * brace, the atom and the comma, a newline, c + 1 spaces, then X and the closing brace. A string or
 * binary whose bytes are not all printable Latin-1 prints as a list of integers. Terms long enough
 * to need more than one break (strings wider than a line) are not reproduced exactly.
 */
final class ErlangFormat {
  private ErlangFormat() {}

  static byte[] bytes(String ascii) {
    return ascii.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] utf8Bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /**
   * {@code ~p} of {@code {atom, second}} printed after {@code column} bytes of text, with the line
   * break Erlang's pretty printer inserts when it does not fit.
   */
  static byte[] tuple(int column, int lineLength, String atom, byte[] second) {
    byte[] head = bytes("{" + atom + ",");
    int flat = head.length + second.length + 1;
    if (column + flat <= lineLength - 2) {
      return concat(head, second, bytes("}"));
    }
    return concat(head, bytes("\n" + " ".repeat(column + 1)), second, bytes("}"));
  }

  /** {@code ~p} of an Erlang string (a list of bytes): quoted when printable, else integers. */
  static byte[] stringTerm(byte[] chars) {
    if (chars.length == 0) {
      return bytes("[]");
    }
    return printable(chars) ? quoted(chars) : integerList(chars, "[", "]");
  }

  /** {@code ~p} of an Erlang binary: {@code <<"...">>} when printable, else {@code <<1,2>>}. */
  static byte[] binaryTerm(byte[] chars) {
    if (chars.length == 0) {
      return bytes("<<>>");
    }
    return printable(chars)
        ? concat(bytes("<<"), quoted(chars), bytes(">>"))
        : integerList(chars, "<<", ">>");
  }

  /** {@code ~p} of a field value as RabbitMQ holds it (binaries for strings, numbers ...). */
  @SuppressWarnings("JavaUtilDate") // the field codec decodes timestamps written as Date
  static String valueTerm(Object value) {
    if (value == null) {
      return "undefined";
    } else if (value instanceof Boolean b) {
      return b.toString();
    } else if (value instanceof Float f) {
      return floatTerm(f.doubleValue());
    } else if (value instanceof Double d) {
      return floatTerm(d);
    } else if (value instanceof BigDecimal d) {
      return "{" + d.scale() + "," + d.unscaledValue() + "}";
    } else if (value instanceof Number n) {
      return n.toString();
    } else if (value instanceof Instant t) {
      return Long.toString(t.getEpochSecond());
    } else if (value instanceof Date d) {
      return Long.toString(Math.floorDiv(d.getTime(), 1000L));
    } else if (value instanceof List<?> list) {
      StringBuilder s = new StringBuilder("[");
      for (Object v : list) {
        s.append(s.length() > 1 ? "," : "")
            .append('{')
            .append(FieldValues.typeName(v))
            .append(',')
            .append(valueTerm(v))
            .append('}');
      }
      return s.append(']').toString();
    } else if (value instanceof Map<?, ?> map) {
      StringBuilder s = new StringBuilder("[");
      for (Map.Entry<?, ?> e : map.entrySet()) {
        s.append(s.length() > 1 ? "," : "")
            .append('{')
            .append(utf8(binaryTerm(utf8Bytes(String.valueOf(e.getKey())))))
            .append(',')
            .append(FieldValues.typeName(e.getValue()))
            .append(',')
            .append(valueTerm(e.getValue()))
            .append('}');
      }
      return s.append(']').toString();
    }
    byte[] b = FieldValues.bytes(value);
    return b != null ? utf8(binaryTerm(b)) : String.valueOf(value);
  }

  /** {@code ~p} of an integer of any size. */
  static byte[] integerTerm(BigInteger n) {
    return bytes(n.toString());
  }

  /**
   * Erlang's shortest float text ({@code float_to_list(F, [short])}): the shortest digits that read
   * back as the same double, in plain notation ({@code 1.5}, {@code 100.0}) or scientific ({@code
   * 1.0e3}), whichever is shorter, plain on a tie. Java 17's {@link Double#toString} digits are
   * used and are not always the shortest.
   */
  static String floatTerm(double d) {
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    int exponent = digits.length() - 1 - exact.scale();
    String sign = d < 0 ? "-" : "";
    String mantissa =
        digits.length() == 1 ? digits + ".0" : digits.charAt(0) + "." + digits.substring(1);
    String scientific = mantissa + "e" + exponent;
    String plain = exact.toPlainString();
    if (!plain.contains(".")) {
      plain = plain + ".0";
    }
    return sign + (plain.length() <= scientific.length() ? plain : scientific);
  }

  private static boolean printable(byte[] chars) {
    for (byte b : chars) {
      int c = b & 0xff;
      boolean ok = (c >= 32 && c <= 126) || c >= 160 || (c >= 8 && c <= 13) || c == 27;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static byte[] quoted(byte[] chars) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('"');
    for (byte b : chars) {
      int c = b & 0xff;
      switch (c) {
        case '"' -> out.writeBytes(bytes("\\\""));
        case '\\' -> out.writeBytes(bytes("\\\\"));
        case '\n' -> out.writeBytes(bytes("\\n"));
        case '\r' -> out.writeBytes(bytes("\\r"));
        case '\t' -> out.writeBytes(bytes("\\t"));
        case 11 -> out.writeBytes(bytes("\\v"));
        case 8 -> out.writeBytes(bytes("\\b"));
        case 12 -> out.writeBytes(bytes("\\f"));
        case 27 -> out.writeBytes(bytes("\\e"));
        default -> out.write(c);
      }
    }
    out.write('"');
    return out.toByteArray();
  }

  private static byte[] integerList(byte[] chars, String open, String close) {
    StringBuilder s = new StringBuilder(open);
    for (int i = 0; i < chars.length; i++) {
      s.append(i == 0 ? "" : ",").append(chars[i] & 0xff);
    }
    return bytes(s.append(close).toString());
  }
}
