package dev.tierkit.lb;

import dev.tierkit.lb.config.FrontendConfig;
import dev.tierkit.lb.config.RouteConfig;
import java.util.List;
import java.util.Map;

/**
 * What one frontend routes to: its default upstream and its rules, immutable. The server swaps a
 * frontend's routing in one volatile write on reload; a request resolves against the routing it
 * read when it started.
 */
public record Routing(FrontendConfig frontend, Upstream defaultUpstream, List<Rule> rules) {
  /** One rule with its upstream resolved. */
  public record Rule(RouteConfig route, Upstream upstream) {}

  public Routing {
    rules = List.copyOf(rules);
  }

  /** Builds a frontend's routing against {@code upstreams} by pool name. */
  public static Routing of(FrontendConfig frontend, Map<String, Upstream> upstreams) {
    List<Rule> rules =
        frontend.routes().stream().map(r -> new Rule(r, upstreams.get(r.pool()))).toList();
    return new Routing(frontend, upstreams.get(frontend.pool()), rules);
  }

  /**
   * The upstream for a request to {@code host} (lower case, without port; null when absent) and
   * {@code path}: the first rule that matches, else the default.
   */
  public Upstream route(String host, String path) {
    for (Rule rule : rules) {
      if (rule.route().matches(host, path)) {
        return rule.upstream();
      }
    }
    return defaultUpstream;
  }
}
