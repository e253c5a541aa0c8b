package dev.tierkit.lb.config;

import java.util.Objects;

/**
 * One backend of a pool.
 *
 * @param host host name or address
 * @param port TCP port
 * @param weight relative share, 0-256 (default 1)
 * @param maxConnections concurrent connections (tcp) or requests (http); 0 = the pool's setting
 */
public record BackendConfig(String host, int port, int weight, int maxConnections) {
  public BackendConfig {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("backend host is empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("backend port must be 1-65535, got " + port);
    }
    if (weight < 0 || weight > 256) {
      throw new IllegalArgumentException("backend weight must be 0-256, got " + weight);
    }
    if (maxConnections < 0) {
      throw new IllegalArgumentException(
          "backend maxConnections must be >= 0, got " + maxConnections);
    }
  }

  /**
   * Parses {@code HOST:PORT[=WEIGHT]} (IPv6 as {@code [ADDR]:PORT}), as {@code --backend} takes it.
   */
  public static BackendConfig parse(String text) {
    String spec = text.trim();
    int weight = 1;
    int eq = spec.lastIndexOf('=');
    if (eq >= 0) {
      weight = parseInt(spec.substring(eq + 1), "weight", text);
      spec = spec.substring(0, eq);
    }
    String host;
    String port;
    if (spec.startsWith("[")) {
      int close = spec.indexOf(']');
      if (close < 0 || close + 1 >= spec.length() || spec.charAt(close + 1) != ':') {
        throw new IllegalArgumentException("backend '" + text + "': expected [IPV6]:PORT");
      }
      host = spec.substring(1, close);
      port = spec.substring(close + 2);
    } else {
      int colon = spec.lastIndexOf(':');
      if (colon <= 0 || spec.indexOf(':') != colon) {
        throw new IllegalArgumentException("backend '" + text + "': expected HOST:PORT[=WEIGHT]");
      }
      host = spec.substring(0, colon);
      port = spec.substring(colon + 1);
    }
    return new BackendConfig(host, parseInt(port, "port", text), weight, 0);
  }

  private static int parseInt(String s, String what, String text) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("backend '" + text + "': " + what + " is not a number");
    }
  }
}
