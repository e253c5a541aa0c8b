package dev.tierkit.dist.demo;

import java.net.URI;

/** A loopback address and port of the demo, written {@code host:port} on command lines. */
public record HostPort(String host, int port) {
  /** Validates the port range. */
  public HostPort {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
  }

  /** {@code http://host:port} followed by {@code path}. */
  public URI http(String path) {
    return URI.create("http://" + this + path);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
