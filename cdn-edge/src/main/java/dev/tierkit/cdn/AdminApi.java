package dev.tierkit.cdn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tierkit.cdn.origin.Origin;
import dev.tierkit.cdn.origin.OriginSet;
import dev.tierkit.cdn.policy.CacheKeys;
import dev.tierkit.cdn.policy.Lifetime;
import dev.tierkit.cdn.policy.RequestTarget;
import dev.tierkit.cdn.purge.PurgeGenerations;
import dev.tierkit.cdn.store.CachedObject;
import dev.tierkit.cdn.store.ObjectStore;
import dev.tierkit.common.admin.AdminRequest;
import dev.tierkit.common.admin.AdminResponse;
import dev.tierkit.common.admin.AdminRoutes;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * cdn-edge's routes on the admin endpoint.
 *
 * <ul>
 *   <li>{@code POST /purge} with one of {@code url=http://host/path?query} (that URL, every
 *       variant), {@code prefix=/path/} or {@code prefix=http://host/path/} (every URL whose path
 *       starts with it, on every host or on that host), {@code host=name} (everything of a host),
 *       {@code tag=key} (every object whose {@code Surrogate-Key} listed it; several tags
 *       space-separated) or {@code all=true}; with {@code soft=true} the objects are marked stale
 *       instead of removed, so they are revalidated on next use and stale-if-error can still serve
 *       them. Parameters come in the query or as a form body. Every purge is O(1) in the number of
 *       cached objects (see {@link PurgeGenerations}).
 *   <li>{@code GET /origins}: each origin's health and counters.
 *   <li>{@code GET /store}: the tiers' figures.
 * </ul>
 */
final class AdminApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AdminApi() {}

  static void register(
      AdminRoutes routes,
      ObjectStore store,
      PurgeGenerations generations,
      CacheKeys keys,
      OriginSet origins) {
    routes.post("/purge", request -> purge(request, store, generations, keys));
    routes.get("/origins", request -> json(200, origins(origins)));
    routes.get("/store", request -> json(200, store.stats()));
  }

  private static AdminResponse purge(
      AdminRequest request, ObjectStore store, PurgeGenerations generations, CacheKeys keys) {
    Map<String, List<String>> params = new LinkedHashMap<>(request.query());
    if (request.body() != null && !request.body().isBlank()) {
      new QueryStringDecoder(request.body().trim(), StandardCharsets.UTF_8, false)
          .parameters()
          .forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }
    boolean soft = "true".equalsIgnoreCase(first(params, "soft"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("soft", soft);
    try {
      if (first(params, "url") != null) {
        String url = first(params, "url");
        RequestTarget target = targetOf(keys, url);
        if (soft) {
          out.put("variants", softPurge(store, target.primaryKey()));
        } else {
          store.remove(target.primaryKey());
        }
        out.put("url", target.primaryKey());
      } else if (first(params, "prefix") != null) {
        String prefix = first(params, "prefix");
        String host = null;
        String path = prefix;
        if (!prefix.startsWith("/")) {
          RequestTarget t = targetOf(keys, prefix);
          host = t.host();
          path = t.path();
        }
        out.put("generation", generations.purgePrefix(host, path, soft));
        out.put("prefix", host == null ? path : host + path);
      } else if (first(params, "host") != null) {
        String host = first(params, "host").toLowerCase(Locale.ROOT);
        out.put("generation", generations.purgeHost(host, soft));
        out.put("host", host);
      } else if (first(params, "tag") != null) {
        List<String> tags = new ArrayList<>();
        for (String line : params.get("tag")) {
          for (String t : line.trim().split("[ \t]+")) {
            if (!t.isEmpty()) {
              tags.add(t);
              out.put("generation", generations.purgeTag(t, soft));
            }
          }
        }
        out.put("tags", tags);
      } else if ("true".equalsIgnoreCase(first(params, "all"))) {
        out.put("generation", generations.purgeAll(soft));
        out.put("all", true);
      } else {
        return json(
            400,
            Map.of(
                "error",
                "purge needs one of url=, prefix=, host=, tag= or all=true (and optionally"
                    + " soft=true)"));
      }
    } catch (IllegalArgumentException e) {
      return json(400, Map.of("error", e.getMessage()));
    } catch (java.io.UncheckedIOException e) {
      return json(500, Map.of("error", "purge not recorded: " + e.getMessage()));
    }
    out.put("purged", true);
    return json(200, out);
  }

  /**
   * Marks every variant of one URL stale by storing it again with no freshness left; the window in
   * which stale-if-error may serve it keeps its end. Runs on the admin thread, which may wait for
   * the disk tier.
   */
  private static int softPurge(ObjectStore store, String primaryKey) {
    List<CachedObject> variants;
    try {
      variants = store.variants(primaryKey).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new java.io.UncheckedIOException(new java.io.IOException("disk lookup failed", e));
    }
    for (CachedObject o : variants) {
      Lifetime l = o.lifetime();
      Lifetime stale =
          new Lifetime(
              0,
              l.initialAgeMillis(),
              0,
              l.freshMillis() + l.staleIfErrorMillis(),
              l.mustRevalidate(),
              l.noCache());
      store.put(
          new CachedObject(
              o.primaryKey(),
              o.host(),
              o.path(),
              o.varyNames(),
              o.variantKey(),
              o.status(),
              o.headers(),
              o.body(),
              o.requestTimeMillis(),
              o.responseTimeMillis(),
              stale,
              o.tags(),
              o.storedGeneration()));
    }
    return variants.size();
  }

  private static RequestTarget targetOf(CacheKeys keys, String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: " + url, e);
    }
    if (uri.getRawAuthority() == null || uri.getScheme() == null) {
      throw new IllegalArgumentException(
          "expected an absolute URL such as http://www.example.com/path, got " + url);
    }
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    return keys.target(uri.getScheme().toLowerCase(Locale.ROOT), uri.getRawAuthority(), target);
  }

  private static String first(Map<String, List<String>> params, String name) {
    List<String> v = params.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  private static List<Map<String, Object>> origins(OriginSet origins) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Origin o : origins.origins()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("origin", o.address().toString());
      m.put("healthy", o.healthy());
      m.put("lastCheck", o.lastCheck());
      m.put("requests", o.requests());
      m.put("failures", o.failures());
      out.add(m);
    }
    return out;
  }

  private static AdminResponse json(int status, Object body) {
    try {
      return AdminResponse.json(status, JSON.writeValueAsString(body) + "\n");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
