package dev.tierkit.common.admin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An admin request as a route handler sees it.
 *
 * @param method the HTTP method, upper case
 * @param path the decoded path without the query
 * @param query query parameters in order of appearance
 * @param body the request body as UTF-8 text (bounded by {@link AdminServer#MAX_BODY_BYTES})
 */
public record AdminRequest(
    String method, String path, Map<String, List<String>> query, String body) {
  /** The first value of a query parameter. */
  public Optional<String> param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
