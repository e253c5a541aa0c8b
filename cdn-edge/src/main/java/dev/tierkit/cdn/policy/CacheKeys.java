package dev.tierkit.cdn.policy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the primary cache key of a request: {@code scheme://host path[?query]}.
 *
 * <p>Normalisation is deliberately small, because two URLs an origin may treat differently must
 * never share an object: the host is lower-cased (RFC 3986 §6.2.2.1) and loses its default port (80
 * for http, 443 for https; §6.2.3); an IPv6 literal keeps its brackets; userinfo in an
 * absolute-form target is dropped; the path is kept byte for byte (no percent-decoding, no dot
 * segment removal: origins disagree on both), except that an absolute-form target with no path gets
 * {@code /} (RFC 9112 §3.2.1: the two are the same resource); the scheme is lower-cased; the query
 * is kept as sent unless the {@link KeyPolicy} sorts it or ignores parameters. {@code ?v=1} and
 * {@code ?v=2} are distinct objects.
 *
 * <p>An absolute-form target ({@code http://h/p}, as sent to proxies) gives the host from its
 * authority, overriding the Host header (RFC 9112 §3.2.2); the key's scheme is still the one the
 * request arrived on.
 *
 * <p>The method is not part of the key: the cache looks up only GET and HEAD, and a HEAD is
 * answered from the stored GET, so both map to the same object.
 *
 * <p>Cost: with {@link KeyPolicy#DEFAULT} one pass and one string for the key (plus substrings for
 * host/path/query when needed); sorting or filtering splits the query, O(p log p) for p parameters.
 * Thread-safe and immutable.
 */
public final class CacheKeys {
  private final KeyPolicy policy;
  private final Set<String> exactIgnored;
  private final String[] prefixIgnored;

  /** Keys built under {@code policy}. */
  public CacheKeys(KeyPolicy policy) {
    this.policy = policy;
    List<String> prefixes = new ArrayList<>();
    Set<String> exact = new HashSet<>();
    for (String p : policy.ignoredQueryParams()) {
      if (p.endsWith("*")) {
        prefixes.add(p.substring(0, p.length() - 1));
      } else {
        exact.add(p);
      }
    }
    this.exactIgnored = Set.copyOf(exact);
    this.prefixIgnored = prefixes.toArray(new String[0]);
  }

  /** The policy these keys follow. */
  public KeyPolicy policy() {
    return policy;
  }

  /**
   * The normalised target of a request.
   *
   * @param scheme {@code http} or {@code https}: the scheme the request arrived on
   * @param hostHeader the Host header, or null
   * @param uri the request target, origin-form ({@code /p?q}) or absolute-form
   */
  public RequestTarget target(String scheme, String hostHeader, String uri) {
    scheme = scheme.toLowerCase(Locale.ROOT);
    String rawHost = hostHeader;
    int pathStart = 0;
    int schemeEnd = uri.indexOf("://");
    if (schemeEnd > 0 && uri.charAt(0) != '/') {
      int authorityStart = schemeEnd + 3;
      int authorityEnd = authorityStart;
      while (authorityEnd < uri.length()) {
        char c = uri.charAt(authorityEnd);
        if (c == '/' || c == '?' || c == '#') {
          break;
        }
        authorityEnd++;
      }
      rawHost = uri.substring(authorityStart, authorityEnd);
      int at = rawHost.lastIndexOf('@');
      if (at >= 0) {
        rawHost = rawHost.substring(at + 1);
      }
      pathStart = authorityEnd;
    }
    String host = normaliseHost(scheme, rawHost);

    int q = uri.indexOf('?', pathStart);
    String path = q < 0 ? uri.substring(pathStart) : uri.substring(pathStart, q);
    if (path.isEmpty()) {
      path = "/";
    }
    String query = q < 0 ? "" : applyPolicy(uri.substring(q + 1));

    StringBuilder key =
        new StringBuilder(scheme.length() + 3 + host.length() + path.length() + query.length() + 1);
    key.append(scheme).append("://").append(host).append(path);
    if (!query.isEmpty()) {
      key.append('?').append(query);
    }
    return new RequestTarget(host, path, query, key.toString());
  }

  static String normaliseHost(String scheme, String raw) {
    if (raw == null) {
      return "";
    }
    String host = raw.trim();
    int portSep = host.lastIndexOf(':');
    // A colon inside an IPv6 literal is not a port separator.
    if (portSep >= 0 && host.indexOf(']', portSep) < 0) {
      String port = host.substring(portSep + 1);
      boolean defaultPort =
          port.isEmpty()
              || ("http".equals(scheme) && port.equals("80"))
              || ("https".equals(scheme) && port.equals("443"));
      if (defaultPort) {
        host = host.substring(0, portSep);
      }
    }
    return host.toLowerCase(Locale.ROOT);
  }

  private String applyPolicy(String query) {
    if (!policy.sortQuery() && exactIgnored.isEmpty() && prefixIgnored.length == 0) {
      return query;
    }
    List<String> params = new ArrayList<>();
    int start = 0;
    while (start <= query.length()) {
      int amp = query.indexOf('&', start);
      int end = amp < 0 ? query.length() : amp;
      String param = query.substring(start, end);
      if (!param.isEmpty() && !ignored(param)) {
        params.add(param);
      }
      start = end + 1;
    }
    if (policy.sortQuery()) {
      // List.sort is a stable merge sort: duplicates of a name keep their order.
      params.sort(Comparator.comparing(CacheKeys::paramName));
    }
    return String.join("&", params);
  }

  private boolean ignored(String param) {
    String name = paramName(param);
    if (exactIgnored.contains(name)) {
      return true;
    }
    for (String prefix : prefixIgnored) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static String paramName(String param) {
    int eq = param.indexOf('=');
    return eq < 0 ? param : param.substring(0, eq);
  }
}
