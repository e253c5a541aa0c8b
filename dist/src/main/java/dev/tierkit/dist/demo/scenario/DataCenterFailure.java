package dev.tierkit.dist.demo.scenario;

import dev.tierkit.dist.demo.DemoTopology;
import dev.tierkit.dist.demo.DemoTopology.DataCenter;
import dev.tierkit.dist.demo.live.Metrics;
import dev.tierkit.dist.demo.live.Traffic.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * {@code datacenter-failure}: kills the first data center's edge and lb. dns-geo's health check of
 * that edge fails and it answers that data center's clients with the other data center's edge; the
 * users follow as their cached answer expires. The other data center's users see nothing. Then the
 * edge and lb start again and dns-geo sends the clients home.
 *
 * <p>Users of the failed data center do see errors: those whose DNS answer still points at the dead
 * edge, until it expires (the TTL, 5 s, or the users' cache cap). The claim is about what happens
 * after that: no failure later than that window after dns-geo moved.
 */
final class DataCenterFailure implements Scenario {
  /** dns-geo checks every 500 ms, fall 2, timeout 400 ms: about 1.5 s; 10 s is the bound. */
  static final Duration MOVE_WITHIN = Duration.ofSeconds(10);

  @Override
  public String name() {
    return "datacenter-failure";
  }

  @Override
  public String claim() {
    return "kill a data center's lb and edge: dns-geo moves its users to the other one within"
        + " seconds, and back when it returns";
  }

  @Override
  public List<Check> run(ScenarioContext ctx) throws InterruptedException {
    DataCenter home = ctx.topology().dataCenters().get(0);
    DataCenter other = ctx.topology().dataCenters().get(1);
    String homeEdge = home.edge().listen().host();
    String otherEdge = other.edge().listen().host();
    Timeline t = ctx.timeline();
    List<Check> checks = new ArrayList<>();
    // After dns-geo moves, a user may still use its cached answer for the TTL or the users'
    // cap, whichever is shorter; then one more request may be on its way to the dead edge.
    Duration cached =
        ctx.pace().dnsCacheCap().compareTo(DemoTopology.GEO_TTL) < 0
            ? ctx.pace().dnsCacheCap()
            : DemoTopology.GEO_TTL;
    Duration grace = cached.plusSeconds(2);

    long began = System.nanoTime();
    ctx.hold(ctx.pace().settle());
    t.at(
        String.format(
            "baseline: dns-geo answers %s clients %s (%s); %s users served by %s: %s",
            home.name(),
            ctx.dnsAnswer(home, "www"),
            ctx.dataCenterAt(ctx.dnsAnswer(home, "www")),
            home.name(),
            home.name(),
            ScenarioContext.share(usersOf(ctx, home, began), home.name())));

    Map<String, Double> answersBefore = geoAnswers(ctx);
    long killed = System.nanoTime();
    ctx.processes().kill(home.edge().name());
    ctx.processes().kill(home.lb().name());
    t.at("killed " + home.edge().name() + " and " + home.lb().name() + " (SIGKILL)");

    OptionalDouble moved =
        ctx.await(MOVE_WITHIN, () -> ctx.dnsAnswer(home, "www").equals(otherEdge));
    long movedAt = System.nanoTime();
    t.at(
        moved.isPresent()
            ? String.format(
                "dns-geo answers %s clients %s (%s), %.1f s after the kill",
                home.name(), otherEdge, other.name(), moved.getAsDouble())
            : "dns-geo still answers " + home.name() + " clients " + ctx.dnsAnswer(home, "www"));
    checks.add(
        new Check(
            "dns-geo moved "
                + home.name()
                + " clients to "
                + other.name()
                + " within "
                + MOVE_WITHIN.toSeconds()
                + " s",
            moved.isPresent(),
            moved.isPresent() ? String.format("%.1f s", moved.getAsDouble()) : "not moved"));

    OptionalDouble usersMoved =
        ctx.await(grace.plusSeconds(5), () -> everyUserServedBy(ctx, home, other.name(), movedAt));
    t.at(
        usersMoved.isPresent()
            ? String.format(
                "every %s user is served by %s, %.1f s after the DNS move",
                home.name(), other.name(), usersMoved.getAsDouble())
            : "some " + home.name() + " users are not served by " + other.name());
    checks.add(
        new Check(
            "every " + home.name() + " user reached " + other.name(),
            usersMoved.isPresent(),
            usersMoved.isPresent()
                ? String.format("%.1f s after the DNS move", usersMoved.getAsDouble())
                : "not all"));

    ctx.hold(ctx.pace().observe());
    List<Sample> homeDuring = usersOf(ctx, home, killed);
    List<Sample> failedLate =
        homeDuring.stream()
            .filter(s -> !s.ok() && s.sentNanos() - (movedAt + grace.toNanos()) > 0)
            .toList();
    t.at(
        String.format(
            "%s down: %s users %s, served by %s: %s",
            home.name(),
            home.name(),
            ctx.failures(homeDuring),
            other.name(),
            ScenarioContext.share(homeDuring, other.name())));
    Map<String, Double> answersDuring = geoAnswers(ctx);
    StringBuilder answers = new StringBuilder("dns-geo answers since the kill, by data center:");
    answersDuring.forEach(
        (dc, n) ->
            answers.append(String.format(" %s %.0f", dc, n - answersBefore.getOrDefault(dc, 0.0))));
    t.at(answers.toString());
    checks.add(
        new Check(
            "no "
                + home.name()
                + " user failed later than "
                + grace.toSeconds()
                + " s after the DNS move (their cached answer's life)",
            failedLate.isEmpty(),
            failedLate.size() + " late failures; before that, " + ctx.failures(homeDuring)));

    long restarting = System.nanoTime();
    ctx.processes().start(home.lb().name());
    ctx.processes().start(home.edge().name());
    t.at("started " + home.lb().name() + " and " + home.edge().name() + " again");
    OptionalDouble returned =
        ctx.await(MOVE_WITHIN, () -> ctx.dnsAnswer(home, "www").equals(homeEdge));
    long returnedAt = System.nanoTime();
    t.at(
        returned.isPresent()
            ? String.format(
                "dns-geo answers %s clients %s (%s) again, %.1f s after the restart",
                home.name(), homeEdge, home.name(), returned.getAsDouble())
            : "dns-geo does not answer " + home.name() + " clients " + homeEdge);
    checks.add(
        new Check(
            "dns-geo sent " + home.name() + " clients back when it returned",
            returned.isPresent(),
            returned.isPresent() ? String.format("%.1f s", returned.getAsDouble()) : "no"));
    OptionalDouble usersBack =
        ctx.await(
            grace.plusSeconds(5), () -> everyUserServedBy(ctx, home, home.name(), returnedAt));
    t.at(
        usersBack.isPresent()
            ? String.format(
                "every %s user is served by %s again, %.1f s later",
                home.name(), home.name(), usersBack.getAsDouble())
            : "some " + home.name() + " users did not return");
    checks.add(
        new Check(
            "every " + home.name() + " user came back",
            usersBack.isPresent(),
            usersBack.isPresent() ? String.format("%.1f s", usersBack.getAsDouble()) : "no"));
    ctx.hold(ctx.pace().settle());

    List<Sample> others =
        ctx.traffic().samples(began, System.nanoTime()).stream()
            .filter(s -> s.region().equals(other.name()))
            .toList();
    checks.add(
        new Check(
            other.name() + " users saw no failure",
            !others.isEmpty() && others.stream().allMatch(Sample::ok),
            ctx.failures(others)));
    List<Sample> afterReturn = usersOf(ctx, home, restarting);
    checks.add(
        new Check(
            "no " + home.name() + " user failed across the return",
            afterReturn.stream().allMatch(Sample::ok),
            ctx.failures(afterReturn)));
    return checks;
  }

  /** dns-geo's answers so far, by the data center they named. */
  private static Map<String, Double> geoAnswers(ScenarioContext ctx) {
    Metrics m = ctx.metrics(ctx.topology().shared().dns());
    Map<String, Double> answers = new LinkedHashMap<>();
    for (DataCenter dc : ctx.topology().dataCenters()) {
      answers.put(dc.name(), m.sum("tierkit_dns_geo_answers_total", "datacenter", dc.name()));
    }
    return answers;
  }

  private static List<Sample> usersOf(ScenarioContext ctx, DataCenter dc, long since) {
    return ctx.traffic().samplesSince(since, s -> s.region().equals(dc.name()));
  }

  /** Whether every user of {@code region} has had a page from {@code servedBy} since {@code t}. */
  private static boolean everyUserServedBy(
      ScenarioContext ctx, DataCenter region, String servedBy, long since) {
    long users =
        ctx
            .traffic()
            .samplesSince(
                since,
                s ->
                    s.region().equals(region.name())
                        && s.kind().equals("page")
                        && s.ok()
                        && s.servedBy().equals(servedBy))
            .stream()
            .map(Sample::user)
            .distinct()
            .count();
    return users == ctx.traffic().userCount() / ctx.topology().dataCenters().size();
  }
}
