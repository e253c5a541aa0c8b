package dev.tierkit.mq.broker;

import dev.tierkit.mq.protocol.ReplyCode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The per-message {@code expiration} property: a decimal count of milliseconds in a shortstr,
 * parsed as RabbitMQ parses it (Erlang's {@code string:to_integer}): an optional {@code +} or
 * {@code -}, then ASCII digits, leading zeros allowed, nothing after them. {@code "-0"}, {@code
 * "+10"} and {@code "0010"} are valid; the value must be 0 to {@link #MAX_MILLIS} (ten years).
 * Anything else is refused with RabbitMQ's 406 text, e.g. {@code invalid expiration 'abc':
 * no_integer} or {@code invalid expiration '1.5': {leftover_string,".5"}}.
 */
public final class Expiration {
  /** The largest expiration or TTL RabbitMQ accepts: 315,360,000,000 ms, ten 365-day years. */
  public static final long MAX_MILLIS = 315_360_000_000L;

  private static final BigInteger MAX = BigInteger.valueOf(MAX_MILLIS);

  private Expiration() {}

  /**
   * The expiration in milliseconds; null when {@code expiration} is null (the property is absent).
   *
   * @throws ArgumentException 406 with RabbitMQ's text when it is not a valid expiration
   */
  public static Long parse(String expiration) throws ArgumentException {
    if (expiration == null) {
      return null;
    }
    byte[] chars = expiration.getBytes(StandardCharsets.UTF_8);
    int i = 0;
    if (i < chars.length && (chars[i] == '+' || chars[i] == '-')) {
      i++;
    }
    int digitsStart = i;
    while (i < chars.length && chars[i] >= '0' && chars[i] <= '9') {
      i++;
    }
    if (i == digitsStart) {
      throw invalid(chars, ErlangFormat.bytes("no_integer"));
    }
    if (i < chars.length) {
      byte[] rest = Arrays.copyOfRange(chars, i, chars.length);
      throw invalid(chars, tupleTerm(chars, "leftover_string", ErlangFormat.stringTerm(rest)));
    }
    BigInteger value =
        new BigInteger(new String(chars, 0, i, StandardCharsets.US_ASCII).replace("+", ""));
    if (value.signum() < 0) {
      throw invalid(chars, tupleTerm(chars, "value_negative", ErlangFormat.integerTerm(value)));
    }
    if (value.compareTo(MAX) > 0) {
      throw invalid(chars, tupleTerm(chars, "value_too_large", ErlangFormat.integerTerm(value)));
    }
    return value.longValueExact();
  }

  private static byte[] prefix(byte[] expiration) {
    return ErlangFormat.concat(
        ErlangFormat.bytes("invalid expiration '"), expiration, ErlangFormat.bytes("': "));
  }

  private static byte[] tupleTerm(byte[] expiration, String atom, byte[] second) {
    return ErlangFormat.tuple(prefix(expiration).length, 80, atom, second);
  }

  private static ArgumentException invalid(byte[] expiration, byte[] reason) {
    return new ArgumentException(
        ReplyCode.PRECONDITION_FAILED,
        ErlangFormat.utf8(ErlangFormat.concat(prefix(expiration), reason)));
  }
}
