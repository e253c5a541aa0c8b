package dev.tierkit.cdn.origin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where an origin listens, from an {@code --origin} URL such as {@code http://10.0.0.5:8080}.
 *
 * <p>Only {@code http} origins: an edge usually sits next to its origin or in front of an lb. An
 * {@code https} URL is refused with a message saying so, rather than silently sent in clear.
 *
 * @param host a host name or address literal (IPv6 without brackets)
 * @param port 1 to 65535 (80 when the URL has none)
 */
public record OriginAddress(String host, int port) {
  public OriginAddress {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("an origin needs a host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("origin port must be 1-65535, got " + port);
    }
  }

  /**
   * Parses {@code http://host[:port][/]}.
   *
   * @throws IllegalArgumentException naming the URL when it is not one
   */
  public static OriginAddress parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--origin " + url + ": not a URL: " + e.getReason(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      throw new IllegalArgumentException(
          "--origin " + url + ": https origins are not supported; give the origin's http port");
    }
    if (!scheme.equals("http") || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--origin " + url + ": expected http://host[:port], e.g. http://127.0.0.1:8080");
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/"))
        || uri.getRawQuery() != null
        || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          "--origin " + url + ": only scheme, host and port are allowed (no path, query or user)");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new OriginAddress(host, uri.getPort() == -1 ? 80 : uri.getPort());
  }

  /** {@code host:port}, IPv6 in brackets: the Host field an origin is asked with by default. */
  public String authority() {
    String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return port == 80 ? h : h + ":" + port;
  }

  @Override
  public String toString() {
    return "http://" + authority();
  }
}
