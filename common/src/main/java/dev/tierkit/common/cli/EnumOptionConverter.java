package dev.tierkit.common.cli;

import dev.tierkit.common.transport.TransportChoice;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Reads an enum option in the lower-case spelling operators type ({@code io_uring}, {@code warn})
 * and lists those spellings in {@code --help} and in the error for a bad value. Picocli's own enum
 * handling shows the Java constant names instead.
 *
 * @param <E> the enum
 */
public abstract class EnumOptionConverter<E extends Enum<E>>
    implements CommandLine.ITypeConverter<E>, Iterable<String> {
  private final Class<E> type;

  protected EnumOptionConverter(Class<E> type) {
    this.type = type;
  }

  @Override
  public E convert(String value) {
    for (E constant : type.getEnumConstants()) {
      if (spelling(constant).equalsIgnoreCase(value.trim())) {
        return constant;
      }
    }
    throw new CommandLine.TypeConversionException(
        "expected one of " + String.join(", ", this) + " but was '" + value + "'");
  }

  @Override
  public Iterator<String> iterator() {
    return Arrays.stream(type.getEnumConstants()).map(EnumOptionConverter::spelling).iterator();
  }

  private static String spelling(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /** {@code --transport}. */
  public static final class Transports extends EnumOptionConverter<TransportChoice> {
    public Transports() {
      super(TransportChoice.class);
    }
  }

  /** {@code --log-level}. */
  public static final class LogLevels extends EnumOptionConverter<LogLevel> {
    public LogLevels() {
      super(LogLevel.class);
    }
  }
}
