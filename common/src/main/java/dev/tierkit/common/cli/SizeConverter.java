package dev.tierkit.common.cli;

import java.util.Locale;
import picocli.CommandLine;

/** A byte size: a number of bytes, or with {@code k}, {@code m} or {@code g} (powers of 1024). */
public final class SizeConverter implements CommandLine.ITypeConverter<Long> {
  @Override
  public Long convert(String value) {
    return parse(value);
  }

  /**
   * Parses {@code value}; {@link CommandLine.TypeConversionException} names it when it is not a
   * size.
   */
  public static long parse(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    if (text.endsWith("b")) {
      text = text.substring(0, text.length() - 1);
    }
    long multiplier = 1;
    if (!text.isEmpty()) {
      char unit = text.charAt(text.length() - 1);
      multiplier =
          switch (unit) {
            case 'k' -> 1L << 10;
            case 'm' -> 1L << 20;
            case 'g' -> 1L << 30;
            default -> 1;
          };
      if (multiplier != 1) {
        text = text.substring(0, text.length() - 1);
      }
    }
    try {
      long number = Long.parseLong(text);
      if (number < 0) {
        throw new CommandLine.TypeConversionException(
            "a size must not be negative: '" + value + "'");
      }
      return Math.multiplyExact(number, multiplier);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new CommandLine.TypeConversionException(
          "expected a size such as 1048576, 512k, 64m or 2g but was '" + value + "'");
    }
  }
}
