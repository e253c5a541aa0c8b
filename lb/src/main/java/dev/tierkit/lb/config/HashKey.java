package dev.tierkit.lb.config;

import java.util.Locale;
import java.util.Objects;

/**
 * What consistent hashing hashes: the client's source address, a request header or a cookie.
 *
 * @param kind the source of the key
 * @param name the header or cookie name; null for {@link Kind#SOURCE}
 */
public record HashKey(Kind kind, String name) {
  /** Where the key comes from. */
  public enum Kind {
    SOURCE,
    HEADER,
    COOKIE
  }

  public static final HashKey SOURCE = new HashKey(Kind.SOURCE, null);

  public HashKey {
    Objects.requireNonNull(kind, "kind");
    if (kind != Kind.SOURCE && (name == null || name.isBlank())) {
      throw new IllegalArgumentException("hash key " + kind + " needs a name");
    }
  }

  /** Parses {@code source}, {@code header:NAME} or {@code cookie:NAME}. */
  public static HashKey parse(String text) {
    String t = text.trim();
    String lower = t.toLowerCase(Locale.ROOT);
    if (lower.equals("source")) {
      return SOURCE;
    }
    if (lower.startsWith("header:")) {
      return new HashKey(Kind.HEADER, t.substring(7));
    }
    if (lower.startsWith("cookie:")) {
      return new HashKey(Kind.COOKIE, t.substring(7));
    }
    throw new IllegalArgumentException(
        "hash key must be source, header:NAME or cookie:NAME, got '" + text + "'");
  }
}
