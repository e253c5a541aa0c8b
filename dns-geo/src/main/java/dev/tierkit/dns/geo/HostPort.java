package dev.tierkit.dns.geo;

/**
 * A {@code HOST:PORT} check target; IPv6 literals are written in brackets ({@code [::1]:8080}).
 * Host names are resolved at each probe, on the health-check thread.
 */
record HostPort(String host, int port) {
  HostPort {
    if (host.isEmpty()) {
      throw new IllegalArgumentException("empty host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
  }

  /**
   * Parses {@code value}.
   *
   * @throws IllegalArgumentException naming {@code field}
   */
  static HostPort parse(String field, String value) {
    int colon = value.lastIndexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException(field + ": '" + value + "' is not HOST:PORT");
    }
    String host = value.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.indexOf(':') >= 0) {
      throw new IllegalArgumentException(
          field + ": '" + value + "': write an IPv6 address in brackets, [ADDRESS]:PORT");
    }
    int port;
    try {
      port = Integer.parseInt(value.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + ": '" + value + "' has no numeric port", e);
    }
    try {
      return new HostPort(host, port);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": '" + value + "': " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
