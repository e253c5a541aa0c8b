package dev.tierkit.cache;

import java.util.Locale;
import picocli.CommandLine;

/**
 * Reads a size the way memcached's {@code -I} does: a number of bytes, or a number followed by
 * {@code k} or {@code m} (binary units, upper or lower case), e.g. {@code 1m}, {@code 512k}.
 */
public final class ByteSizeConverter implements CommandLine.ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    String text = value.trim().toLowerCase(Locale.ROOT);
    long multiplier = 1;
    if (text.endsWith("k")) {
      multiplier = 1024;
      text = text.substring(0, text.length() - 1);
    } else if (text.endsWith("m")) {
      multiplier = 1024 * 1024;
      text = text.substring(0, text.length() - 1);
    }
    long number;
    try {
      number = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new CommandLine.TypeConversionException(
          "expected a size such as 1048576, 512k or 1m but was '" + value + "'");
    }
    long bytes = number * multiplier;
    if (number < 0 || bytes > Integer.MAX_VALUE) {
      throw new CommandLine.TypeConversionException(
          "size must be between 0 and 2047m, got '" + value + "'");
    }
    return (int) bytes;
  }
}
