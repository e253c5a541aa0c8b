package dev.tierkit.cache.protocol;

import dev.tierkit.cache.store.Cursor;
import dev.tierkit.cache.store.ValueSource;
import dev.tierkit.cache.store.WriteStatus;
import java.util.Arrays;

/**
 * The arithmetic of {@code incr}, {@code decr} and {@code ma} on a stored value, as memcached does
 * it: the value is read like {@code strtoull} (leading whitespace, digits, then whitespace or the
 * end), incr wraps at 2^64, decr stops at 0, and a result no longer than the old value is written
 * in place padded with spaces (memcached 1.6.18: {@code 10} decr 1 is stored as {@code "9 "}),
 * while a longer one becomes a new item with the same flags and expiry.
 */
final class NumericValue {
  /** What {@link #apply} found. */
  enum Outcome {
    DONE,
    NON_NUMERIC,
    NO_MEMORY
  }

  private NumericValue() {}

  /** Parses the live value; returns false when it is not a number. Result in {@code into[0]}. */
  static boolean parse(Cursor cursor, long[] into) {
    byte[] bytes = cursor.valueArray();
    int i = cursor.valueOffset();
    int end = i + cursor.valueLength();
    while (i < end && Ascii.isSpace(bytes[i])) {
      i++;
    }
    boolean negative = false;
    if (i < end && (bytes[i] == '+' || bytes[i] == '-')) {
      negative = bytes[i] == '-';
      i++;
    }
    int first = i;
    long result = 0;
    while (i < end && bytes[i] >= '0' && bytes[i] <= '9') {
      int digit = bytes[i] - '0';
      if (Long.compareUnsigned(result, Long.divideUnsigned(-1L - digit, 10)) > 0) {
        return false;
      }
      result = result * 10 + digit;
      i++;
    }
    if (i == first || (i < end && !Ascii.isSpace(bytes[i])) || (negative && result != 0)) {
      return false;
    }
    into[0] = result;
    return true;
  }

  /**
   * Applies the delta to the live item and stores the result; {@code result[0]} receives the new
   * number.
   *
   * @param explicitCas the CAS to give the item, 0 for a fresh one
   */
  static Outcome apply(
      Cursor cursor, boolean increment, long delta, long explicitCas, long[] result) {
    if (cursor.valueLength() == 0 || !parse(cursor, result)) {
      return Outcome.NON_NUMERIC;
    }
    long value = result[0];
    if (increment) {
      value += delta;
    } else {
      value = Long.compareUnsigned(delta, value) > 0 ? 0 : value - delta;
    }
    result[0] = value;
    byte[] digits = Ascii.unsignedBytes(value);
    if (digits.length <= cursor.valueLength()) {
      byte[] padded = Arrays.copyOf(digits, cursor.valueLength());
      Arrays.fill(padded, digits.length, padded.length, (byte) ' ');
      cursor.overwrite(padded, explicitCas);
      return Outcome.DONE;
    }
    WriteStatus status =
        cursor.write(cursor.flags(), cursor.expiresAt(), ValueSource.of(digits), explicitCas);
    return status == WriteStatus.STORED ? Outcome.DONE : Outcome.NO_MEMORY;
  }
}
