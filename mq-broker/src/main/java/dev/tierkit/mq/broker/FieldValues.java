package dev.tierkit.mq.broker;

import io.netty.util.AsciiString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Field-table values as RabbitMQ sees them: the AMQP type name it prints in error texts, and
 * Erlang's {@code ==} between the values (types dropped), which is how headers exchanges and
 * argument equivalence compare.
 *
 * <p>The Java types are those {@code FieldCodec} decodes to. Decoding loses some of RabbitMQ's type
 * distinctions: unsigned 8/16-bit values arrive as Integer and are named {@code signedint},
 * unsigned 32-bit ones as Long ({@code long}); the names only appear in error texts.
 */
final class FieldValues {
  private FieldValues() {}

  /** RabbitMQ's name of the value's AMQP type: {@code longstr}, {@code long}, {@code bool} ... */
  static String typeName(Object value) {
    if (value == null) {
      return "void";
    } else if (value instanceof Boolean) {
      return "bool";
    } else if (value instanceof Byte) {
      return "byte";
    } else if (value instanceof Short) {
      return "short";
    } else if (value instanceof Integer) {
      return "signedint";
    } else if (value instanceof Long) {
      return "long";
    } else if (value instanceof Float) {
      return "float";
    } else if (value instanceof Double) {
      return "double";
    } else if (value instanceof BigDecimal) {
      return "decimal";
    } else if (value instanceof AsciiString || value instanceof byte[]) {
      return "binary";
    } else if (value instanceof CharSequence) {
      return "longstr";
    } else if (value instanceof List) {
      return "array";
    } else if (value instanceof Map) {
      return "table";
    } else if (value instanceof Instant || value instanceof Date) {
      return "timestamp";
    }
    return value.getClass().getSimpleName();
  }

  /** True for the types RabbitMQ accepts where it expects an integer. */
  static boolean isInteger(Object value) {
    return value instanceof Byte
        || value instanceof Short
        || value instanceof Integer
        || value instanceof Long;
  }

  /** RabbitMQ's type class: integers are one class, floats another, other types their own. */
  static String typeClass(Object value) {
    if (isInteger(value)) {
      return "int";
    } else if (value instanceof Float || value instanceof Double) {
      return "float";
    }
    return typeName(value);
  }

  /**
   * Erlang's {@code ==} on the two decoded values: numbers (and timestamps, which are integer
   * seconds in RabbitMQ) compare by numeric value across types; long strings and byte arrays by
   * their bytes; decimals by scale and unscaled value; booleans and void by identity; arrays and
   * tables element by element with types (Erlang compares their {@code {Type, Value}} tuples). Map
   * order is not compared, though Erlang would compare nested tables in wire order.
   */
  static boolean erlangEquals(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    Object na = numeric(a);
    Object nb = numeric(b);
    if (na != null || nb != null) {
      return na != null && nb != null && numbersEqual((Number) na, (Number) nb);
    }
    byte[] ba = bytes(a);
    byte[] bb = bytes(b);
    if (ba != null || bb != null) {
      return ba != null && bb != null && Arrays.equals(ba, bb);
    }
    if (a instanceof BigDecimal da && b instanceof BigDecimal db) {
      return decimalsEqual(da, db);
    }
    if (a instanceof List<?> la && b instanceof List<?> lb) {
      if (la.size() != lb.size()) {
        return false;
      }
      Iterator<?> ia = la.iterator();
      Iterator<?> ib = lb.iterator();
      while (ia.hasNext()) {
        if (!typedEquals(ia.next(), ib.next())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
      if (ma.size() != mb.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : ma.entrySet()) {
        if (!mb.containsKey(e.getKey()) || !typedEquals(e.getValue(), mb.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** Same AMQP type and equal value, as Erlang compares {@code {Type, Value}} tuples. */
  static boolean typedEquals(Object a, Object b) {
    return typeName(a).equals(typeName(b)) && erlangEquals(a, b);
  }

  /** The value's bytes when RabbitMQ holds it as an Erlang binary (longstr or byte array). */
  static byte[] bytes(Object value) {
    if (value instanceof AsciiString s) {
      return s.toByteArray();
    } else if (value instanceof byte[] b) {
      return b;
    } else if (value instanceof CharSequence s) {
      return s.toString().getBytes(StandardCharsets.UTF_8);
    }
    return null;
  }

  /** Erlang holds a decimal as {scale, unscaled value}, so 1.0 and 1.00 differ, as here. */
  @SuppressWarnings("BigDecimalEquals")
  private static boolean decimalsEqual(BigDecimal a, BigDecimal b) {
    return a.equals(b);
  }

  @SuppressWarnings("JavaUtilDate") // the field codec decodes timestamps written as Date
  private static Object numeric(Object value) {
    if (value instanceof Number && !(value instanceof BigDecimal)) {
      return value;
    } else if (value instanceof Instant t) {
      return t.getEpochSecond();
    } else if (value instanceof Date d) {
      return Math.floorDiv(d.getTime(), 1000L);
    }
    return null;
  }

  private static boolean numbersEqual(Number a, Number b) {
    boolean fa = a instanceof Float || a instanceof Double;
    boolean fb = b instanceof Float || b instanceof Double;
    if (!fa && !fb) {
      return a.longValue() == b.longValue();
    }
    double da = a.doubleValue();
    double db = b.doubleValue();
    if (Double.isNaN(da) || Double.isNaN(db) || Double.isInfinite(da) || Double.isInfinite(db)) {
      return da == db;
    }
    BigDecimal xa = fa ? new BigDecimal(da) : BigDecimal.valueOf(a.longValue());
    BigDecimal xb = fb ? new BigDecimal(db) : BigDecimal.valueOf(b.longValue());
    return xa.compareTo(xb) == 0;
  }
}
