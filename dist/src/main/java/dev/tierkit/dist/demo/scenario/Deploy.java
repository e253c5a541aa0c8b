package dev.tierkit.dist.demo.scenario;

import dev.tierkit.dist.demo.DemoTopology.DataCenter;
import dev.tierkit.dist.demo.DemoTopology.WebServer;
import dev.tierkit.dist.demo.live.Traffic.Sample;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * {@code deploy}: a new version of the static assets goes out the way a CDN deploy should: every
 * web server switches its pages to link {@code ?v=N+1}, then each edge purges the old version by
 * its tag ({@code Surrogate-Key: vN}). Users get the new version with their next page; each edge
 * fetches each new object from the origin once however many users ask at the same moment (the edge
 * coalesces them), and serves it from cache after that.
 */
final class Deploy implements Scenario {
  /** The assets a page links; each is one object per edge. */
  static final List<String> ASSETS = List.of("/static/app.js", "/static/style.css");

  static final Duration SEEN_WITHIN = Duration.ofSeconds(10);

  @Override
  public String name() {
    return "deploy";
  }

  @Override
  public String claim() {
    return "bump the asset version and purge by tag: the CDN serves the new version at once, the"
        + " origin sees one fetch per object per edge";
  }

  @Override
  public List<Check> run(ScenarioContext ctx) throws InterruptedException {
    Timeline t = ctx.timeline();
    List<Check> checks = new ArrayList<>();
    List<WebServer> webs = new ArrayList<>();
    for (DataCenter dc : ctx.topology().dataCenters()) {
      webs.addAll(dc.webs());
    }

    long began = System.nanoTime();
    ctx.hold(ctx.pace().settle());
    long current = (long) ctx.metrics(webs.get(0)).value("demo_web_asset_version");
    long next = current + 1;
    List<Sample> before = ctx.traffic().samples(began, System.nanoTime());
    t.at(
        String.format(
            "baseline: pages link assets v%d; users' asset requests answered from cache: %s",
            current, hitShare(before)));

    long deployed = System.nanoTime();
    long switched;
    try {
      for (WebServer web : webs) {
        HttpResponse<String> r = ctx.post(web.listen().http("/admin/asset-version?v=" + next));
        if (r.statusCode() != 200) {
          t.at(web.name() + " refused the new version: " + r.statusCode() + " " + r.body().trim());
        }
      }
      switched = System.nanoTime();
      t.at("deployed: every web server links v" + next);
      for (DataCenter dc : ctx.topology().dataCenters()) {
        HttpResponse<String> r =
            ctx.post(URI.create(dc.edge().admin().http("/purge") + "?tag=v" + current));
        t.at(
            String.format(
                "purged tag v%d on %s: %d %s",
                current, dc.edge().name(), r.statusCode(), r.body().trim()));
        checks.add(
            new Check(
                dc.edge().name() + " accepted the purge of tag v" + current,
                r.statusCode() == 200,
                "status " + r.statusCode()));
      }
    } catch (IOException e) {
      checks.add(new Check("the deploy's operator calls answered", false, e.toString()));
      return checks;
    }

    for (DataCenter dc : ctx.topology().dataCenters()) {
      OptionalDouble seen =
          ctx.await(
              SEEN_WITHIN,
              () ->
                  !ctx.traffic()
                      .samplesSince(
                          deployed,
                          s ->
                              s.kind().equals("asset")
                                  && s.ok()
                                  && s.version() == next
                                  && s.servedBy().equals(dc.name()))
                      .isEmpty());
      t.at(
          seen.isPresent()
              ? String.format(
                  "first v%d asset served through %s %.2f s after the deploy",
                  next, dc.edge().name(), seen.getAsDouble())
              : "no v" + next + " asset served through " + dc.edge().name());
      checks.add(
          new Check(
              dc.name() + " users got v" + next + " assets at once",
              seen.isPresent(),
              seen.isPresent() ? String.format("%.2f s", seen.getAsDouble()) : "never"));
    }

    ctx.hold(ctx.pace().observe());
    // Every page requested once the deploy was done must link the new version; one requested
    // before may still link the old one, whenever its answer came.
    List<Sample> pages =
        ctx.traffic()
            .samplesSince(
                deployed, s -> s.kind().equals("page") && s.ok() && s.sentNanos() - switched > 0);
    long stalePages = pages.stream().filter(s -> s.version() != next).count();
    checks.add(
        new Check(
            "every page after the deploy links v" + next,
            !pages.isEmpty() && stalePages == 0,
            stalePages + " of " + pages.size() + " pages linked another version"));

    Map<String, Long> fetches = new TreeMap<>();
    long total = 0;
    for (WebServer web : webs) {
      for (String asset : ASSETS) {
        long n =
            (long)
                ctx.metrics(web)
                    .sum(
                        "demo_web_asset_fetches_total",
                        "path",
                        asset,
                        "version",
                        Long.toString(next));
        fetches.merge(asset, n, Long::sum);
        total += n;
      }
    }
    int edges = ctx.topology().dataCenters().size();
    long expected = (long) ASSETS.size() * edges;
    List<Sample> newAssets =
        ctx.traffic().samplesSince(deployed, s -> s.kind().equals("asset") && s.version() == next);
    t.at(
        String.format(
            "origin fetches of v%d: %s, %d in all, for %d user requests of it (%s from cache)",
            next, fetches, total, newAssets.size(), hitShare(newAssets)));
    checks.add(
        new Check(
            "the origin saw one fetch per object per edge",
            total == expected,
            total
                + " fetches for "
                + ASSETS.size()
                + " objects x "
                + edges
                + " edges, "
                + newAssets.size()
                + " user requests"));

    ctx.hold(ctx.pace().settle());
    List<Sample> all = ctx.traffic().samples(began, System.nanoTime());
    checks.add(
        new Check(
            "no user request failed",
            !all.isEmpty() && all.stream().allMatch(Sample::ok),
            ctx.failures(all)));
    return checks;
  }

  /** The share of asset samples the edge answered from cache (X-Cache HIT). */
  private static String hitShare(List<Sample> samples) {
    List<Sample> assets = samples.stream().filter(s -> s.kind().equals("asset")).toList();
    long hits = assets.stream().filter(s -> s.cache().startsWith("HIT")).count();
    return String.format(
        "%d of %d (%.0f%%)",
        hits, assets.size(), assets.isEmpty() ? 0 : 100.0 * hits / assets.size());
  }
}
