package dev.tierkit.dist.demo;

import java.net.URI;
import picocli.CommandLine;

/**
 * An address of the demo as command lines write it: {@code host:port}, or {@code
 * [v6-address]:port}.
 *
 * @param host a host name or literal address, without brackets
 * @param port 1 to 65535
 */
public record HostPort(String host, int port) {
  /** Validates the host and the port range. */
  public HostPort {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
  }

  /**
   * Parses {@code host:port} or {@code [v6]:port}.
   *
   * @throws IllegalArgumentException naming the expected form
   */
  public static HostPort parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT: bad port", e);
    }
    return new HostPort(host, port);
  }

  /** {@code http://host:port} followed by {@code path}. */
  public URI http(String path) {
    return URI.create("http://" + this + path);
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }

  /** Picocli's reader for {@code HOST:PORT} options such as {@code --cache} and {@code --amqp}. */
  public static final class Converter implements CommandLine.ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
