package dev.tierkit.cache.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One command line split on spaces, as memcached's tokenizer does (runs of spaces are one
 * separator, tabs belong to tokens), with number parsing that follows memcached's {@code
 * safe_strto*} rules: leading whitespace and a sign are allowed, at least one digit, nothing but
 * whitespace after the digits, no overflow. A parse stores its result in {@link #value}.
 *
 * <p>One instance per decoder, reused line after line.
 */
final class Tokens {
  byte[] line = new byte[0];
  int count;
  private int[] starts = new int[32];
  private int[] ends = new int[32];

  /** The result of the last successful parse. */
  long value;

  void split(byte[] bytes, int length) {
    line = bytes;
    count = 0;
    int i = 0;
    while (i < length) {
      while (i < length && bytes[i] == ' ') {
        i++;
      }
      if (i == length) {
        break;
      }
      int start = i;
      while (i < length && bytes[i] != ' ') {
        i++;
      }
      if (count == starts.length) {
        starts = Arrays.copyOf(starts, count * 2);
        ends = Arrays.copyOf(ends, count * 2);
      }
      starts[count] = start;
      ends[count] = i;
      count++;
    }
  }

  int length(int token) {
    return ends[token] - starts[token];
  }

  int start(int token) {
    return starts[token];
  }

  byte byteAt(int token, int offset) {
    return line[starts[token] + offset];
  }

  boolean is(int token, String text) {
    int length = length(token);
    if (length != text.length()) {
      return false;
    }
    int start = starts[token];
    for (int i = 0; i < length; i++) {
      if (line[start + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  byte[] bytes(int token) {
    return Arrays.copyOfRange(line, starts[token], ends[token]);
  }

  String string(int token) {
    return new String(line, starts[token], length(token), StandardCharsets.ISO_8859_1);
  }

  /** Whether the last token is {@code noreply}. */
  boolean endsWithNoreply() {
    return count > 0 && is(count - 1, "noreply");
  }

  /** Parses token (from byte {@code skip} on) as an unsigned 64-bit number. */
  boolean parseUnsigned(int token, int skip) {
    return parse(starts[token] + skip, ends[token], true, Long.MAX_VALUE);
  }

  boolean parseUnsigned(int token) {
    return parseUnsigned(token, 0);
  }

  /** Parses an unsigned 32-bit number (client flags). */
  boolean parseUnsigned32(int token, int skip) {
    return parse(starts[token] + skip, ends[token], true, 0xFFFF_FFFFL);
  }

  /** Parses a signed 32-bit number (exptime, lengths). */
  boolean parseInt(int token, int skip) {
    return parse(starts[token] + skip, ends[token], false, Integer.MAX_VALUE);
  }

  boolean parseInt(int token) {
    return parseInt(token, 0);
  }

  /**
   * @param unsigned unsigned rules: no negative value, 64-bit range unless {@code max} is smaller
   * @param max the largest magnitude accepted ({@code Long.MAX_VALUE} for the full unsigned range)
   */
  private boolean parse(int from, int to, boolean unsigned, long max) {
    int i = from;
    while (i < to && Ascii.isSpace(line[i])) {
      i++;
    }
    boolean negative = false;
    if (i < to && (line[i] == '+' || line[i] == '-')) {
      negative = line[i] == '-';
      i++;
    }
    int firstDigit = i;
    long result = 0;
    while (i < to && line[i] >= '0' && line[i] <= '9') {
      int digit = line[i] - '0';
      if (Long.compareUnsigned(result, Long.divideUnsigned(-1L - digit, 10)) > 0) {
        return false;
      }
      result = result * 10 + digit;
      i++;
    }
    if (i == firstDigit || (i < to && !Ascii.isSpace(line[i]))) {
      return false;
    }
    if (unsigned) {
      if (negative && result != 0) {
        return false;
      }
      if (max != Long.MAX_VALUE && Long.compareUnsigned(result, max) > 0) {
        return false;
      }
    } else {
      if (result < 0 || result > max + (negative ? 1 : 0)) {
        return false;
      }
      result = negative ? -result : result;
    }
    value = result;
    return true;
  }
}
