package dev.tierkit.lb.config;

import java.util.Locale;

/** A frontend's protocol: an HTTP/1.1 reverse proxy or a TCP relay. */
public enum Mode {
  HTTP,
  TCP;

  /** {@code http} or {@code tcp}. */
  public static Mode parse(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "http" -> HTTP;
      case "tcp" -> TCP;
      default -> throw new IllegalArgumentException("mode must be http or tcp, got '" + text + "'");
    };
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
