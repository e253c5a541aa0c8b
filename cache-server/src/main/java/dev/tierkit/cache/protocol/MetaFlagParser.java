package dev.tierkit.cache.protocol;

/**
 * Validates and parses the flag tokens of a meta command against what that command accepts, giving
 * memcached 1.6's error for each fault (the wording differs between commands; checked against
 * memcached 1.6.18).
 *
 * <p>Accepted: mg {@code b c f h k l O q s t u v E N R T}; ms {@code b c C E F I k O q s S T M N};
 * md {@code b C E I k O q T x}; ma {@code b C E N J D T M q O t c v k}.
 */
final class MetaFlagParser {
  /** memcached keeps at most 24 tokens per line; more flags than fit are refused. */
  static final int MAX_TOKENS = 24;

  /** memcached's limit on the opaque token. */
  static final int MAX_OPAQUE_LENGTH = 32;

  private enum Kind {
    NONE,
    UNSIGNED,
    UNSIGNED32,
    INT,
    OPAQUE,
    MODE
  }

  private MetaFlagParser() {}

  /**
   * Parses tokens {@code from} to the end; returns the flags, or the error to reply through {@code
   * error[0]} and null.
   */
  static MetaFlags parse(Tokens tokens, int from, MetaCommand.Type type, InvalidCommand[] error) {
    if (tokens.count > MAX_TOKENS) {
      error[0] = InvalidCommand.clientError("options flags are too long");
      return null;
    }
    int n = Math.max(0, tokens.count - from);
    byte[] letters = new byte[n];
    long[] numbers = new long[n];
    String opaque = null;
    byte mode = 0;
    long seen = 0;
    for (int i = 0; i < n; i++) {
      int token = from + i;
      int letter = tokens.byteAt(token, 0) & 0xff;
      Kind kind = kind(type, letter);
      if (kind == null) {
        error[0] = invalid(type);
        return null;
      }
      long bit = MetaFlags.bit(letter);
      if ((seen & bit) != 0) {
        error[0] = duplicate(type);
        return null;
      }
      seen |= bit;
      letters[i] = (byte) letter;
      switch (kind) {
        case NONE -> {}
        case UNSIGNED, UNSIGNED32, INT -> {
          boolean ok =
              tokens.length(token) > 1
                  && switch (kind) {
                    case UNSIGNED -> tokens.parseUnsigned(token, 1);
                    case UNSIGNED32 -> tokens.parseUnsigned32(token, 1);
                    default -> tokens.parseInt(token, 1);
                  };
          if (!ok) {
            error[0] = badToken(type, letter);
            return null;
          }
          numbers[i] = tokens.value;
        }
        case OPAQUE -> {
          if (tokens.length(token) - 1 > MAX_OPAQUE_LENGTH) {
            error[0] = InvalidCommand.clientError("opaque token too long");
            return null;
          }
          opaque = tokens.string(token).substring(1);
        }
        case MODE -> {
          mode = tokens.length(token) > 1 ? tokens.byteAt(token, 1) : 0;
          if (tokens.length(token) != 2 || !validMode(type, mode)) {
            error[0] = InvalidCommand.clientError("invalid mode for " + type.verb + " M token");
            return null;
          }
        }
      }
    }
    return new MetaFlags(letters, numbers, opaque, mode);
  }

  private static boolean validMode(MetaCommand.Type type, byte mode) {
    String modes = type == MetaCommand.Type.SET ? "EAPRS" : "I+D-";
    return modes.indexOf(mode) >= 0;
  }

  private static Kind kind(MetaCommand.Type type, int letter) {
    return switch (type) {
      case GET ->
          switch (letter) {
            case 'b', 'c', 'f', 'h', 'k', 'l', 'q', 's', 't', 'u', 'v' -> Kind.NONE;
            case 'E' -> Kind.UNSIGNED;
            case 'N', 'R', 'T' -> Kind.INT;
            case 'O' -> Kind.OPAQUE;
            default -> null;
          };
      case SET ->
          switch (letter) {
            case 'b', 'c', 'I', 'k', 'q', 's' -> Kind.NONE;
            case 'C', 'E' -> Kind.UNSIGNED;
            case 'F' -> Kind.UNSIGNED32;
            case 'N', 'S', 'T' -> Kind.INT;
            case 'O' -> Kind.OPAQUE;
            case 'M' -> Kind.MODE;
            default -> null;
          };
      case DELETE ->
          switch (letter) {
            case 'b', 'I', 'k', 'q', 'x' -> Kind.NONE;
            case 'C', 'E' -> Kind.UNSIGNED;
            case 'T' -> Kind.INT;
            case 'O' -> Kind.OPAQUE;
            default -> null;
          };
      case ARITHMETIC ->
          switch (letter) {
            case 'b', 'q', 't', 'c', 'v', 'k' -> Kind.NONE;
            case 'C', 'E', 'J', 'D' -> Kind.UNSIGNED;
            case 'N', 'T' -> Kind.INT;
            case 'O' -> Kind.OPAQUE;
            case 'M' -> Kind.MODE;
            default -> null;
          };
      case DEBUG -> letter == 'b' ? Kind.NONE : null;
    };
  }

  private static InvalidCommand invalid(MetaCommand.Type type) {
    return switch (type) {
      case GET, SET -> InvalidCommand.clientError("invalid flag");
      default -> InvalidCommand.clientError("invalid or duplicate flag");
    };
  }

  private static InvalidCommand duplicate(MetaCommand.Type type) {
    return switch (type) {
      case GET, SET -> InvalidCommand.clientError("duplicate flag");
      default -> InvalidCommand.clientError("invalid or duplicate flag");
    };
  }

  private static InvalidCommand badToken(MetaCommand.Type type, int letter) {
    return switch (type) {
      case GET -> InvalidCommand.clientError("bad token in command line format");
      case SET ->
          letter == 'F'
              ? InvalidCommand.BAD_FORMAT
              : InvalidCommand.clientError("bad token in command line format");
      default -> InvalidCommand.clientError("invalid or duplicate flag");
    };
  }
}
