package dev.tierkit.dist.demo.scenario;

import dev.tierkit.dist.demo.live.Traffic.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * {@code cache-restart}: restarts cache-server. It is a cache: the sessions in it are gone, and
 * users are asked to log in again. The pages keep working throughout (a web server that cannot
 * reach the cache treats the request as logged out); what needs the cache (logging in, a job's
 * status) may fail while it is down, and works again once it is back.
 */
final class CacheRestart implements Scenario {
  static final Duration RELOGIN_WITHIN = Duration.ofSeconds(20);

  /** demo-web's spymemcached reconnect delay (2 s) and a margin. */
  static final Duration RECONNECT = Duration.ofSeconds(3);

  @Override
  public String name() {
    return "cache-restart";
  }

  @Override
  public String claim() {
    return "restart cache-server: sessions are lost, users are asked to log in again, the pages"
        + " still work";
  }

  @Override
  public List<Check> run(ScenarioContext ctx) throws InterruptedException {
    Timeline t = ctx.timeline();
    List<Check> checks = new ArrayList<>();
    String cache = ctx.topology().shared().cache().name();

    long began = System.nanoTime();
    ctx.hold(ctx.pace().settle());
    t.at(
        String.format(
            "baseline: cache hit ratio %s; %d users logged in",
            hitRatio(ctx), ctx.traffic().userCount()));

    long relogins = ctx.traffic().relogins();
    long stopping = System.nanoTime();
    ctx.processes().stop(cache);
    t.at("stopped " + cache);
    ctx.processes().start(cache);
    long started = System.nanoTime();
    t.at(String.format("started %s again (down %.1f s), empty", cache, (started - stopping) / 1e9));

    int users = ctx.traffic().userCount();
    OptionalDouble asked =
        ctx.await(RELOGIN_WITHIN, () -> ctx.traffic().relogins() - relogins >= users);
    t.at(
        String.format(
            "%d of %d users asked to log in again, %.1f s after the stop: their sessions went"
                + " with the cache",
            ctx.traffic().relogins() - relogins, users, (System.nanoTime() - stopping) / 1e9));
    checks.add(
        new Check(
            "every user was asked to log in again",
            asked.isPresent(),
            (ctx.traffic().relogins() - relogins) + " of " + users + " users"));

    OptionalDouble loggedIn =
        ctx.await(
            RELOGIN_WITHIN,
            () ->
                ctx
                        .traffic()
                        .samplesSince(started, s -> s.kind().equals("login") && s.ok())
                        .stream()
                        .map(Sample::user)
                        .distinct()
                        .count()
                    == users);
    t.at(
        loggedIn.isPresent()
            ? String.format(
                "every user logged in again, %.1f s after the restart", loggedIn.getAsDouble())
            : "not every user could log in again");
    checks.add(
        new Check(
            "every user could log in again",
            loggedIn.isPresent(),
            loggedIn.isPresent() ? String.format("%.1f s", loggedIn.getAsDouble()) : "no"));

    // spymemcached finds a restarted server within its reconnect delay (2 s in demo-web); watch
    // a while past that.
    ctx.hold(ctx.pace().settle().plus(RECONNECT));
    List<Sample> all = ctx.traffic().samples(stopping, System.nanoTime());
    List<Sample> pages =
        all.stream().filter(s -> s.kind().equals("page") || s.kind().equals("asset")).toList();
    List<Sample> needCache = all.stream().filter(s -> !pages.contains(s)).toList();
    t.at(
        String.format(
            "pages and assets: %s; logins, jobs and job status: %s; cache hit ratio now %s",
            ctx.failures(pages), ctx.failures(needCache), hitRatio(ctx)));
    checks.add(
        new Check(
            "the pages still worked",
            !pages.isEmpty() && pages.stream().allMatch(Sample::ok),
            ctx.failures(pages)));
    List<Sample> afterwards =
        ctx.traffic().samples(started + RECONNECT.toNanos(), System.nanoTime());
    checks.add(
        new Check(
            "nothing failed once the web servers had reconnected ("
                + RECONNECT.toSeconds()
                + " s after the restart)",
            !afterwards.isEmpty() && afterwards.stream().allMatch(Sample::ok),
            ctx.failures(afterwards)));
    List<Sample> before = ctx.traffic().samples(began, stopping);
    checks.add(
        new Check(
            "nothing failed before the restart",
            before.stream().allMatch(Sample::ok),
            ctx.failures(before)));
    return checks;
  }

  private static String hitRatio(ScenarioContext ctx) {
    var m = ctx.metrics(ctx.topology().shared().cache());
    double hits = m.value("tierkit_cache_get_hits_total");
    double misses = m.value("tierkit_cache_get_misses_total");
    return hits + misses == 0
        ? "n/a"
        : String.format(
            "%.0f%% (%.0f hits, %.0f misses)", 100 * hits / (hits + misses), hits, misses);
  }
}
