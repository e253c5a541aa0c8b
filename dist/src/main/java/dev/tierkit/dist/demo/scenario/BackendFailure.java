package dev.tierkit.dist.demo.scenario;

import dev.tierkit.dist.demo.DemoTopology.DataCenter;
import dev.tierkit.dist.demo.DemoTopology.WebServer;
import dev.tierkit.dist.demo.live.Traffic.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * {@code backend-failure}: kills (SIGKILL) the first web server of the first data center while
 * users keep coming. The lb retries what the dead server refused and its health checks take it out;
 * no user request may fail. Then it starts the server again and the lb takes it back.
 */
final class BackendFailure implements Scenario {
  /** Health checks every 500 ms, fall 3 by default: ejection is expected within ~2 s. */
  static final Duration EJECT_WITHIN = Duration.ofSeconds(10);

  @Override
  public String name() {
    return "backend-failure";
  }

  @Override
  public String claim() {
    return "kill one web server: lb health checks eject it, no user request fails";
  }

  @Override
  public List<Check> run(ScenarioContext ctx) throws InterruptedException {
    DataCenter dc = ctx.topology().dataCenters().get(0);
    WebServer web = dc.webs().get(0);
    String upSeries = "tierkit_lb_backend_up{pool=\"default\",backend=\"" + web.listen() + "\"}";
    Timeline t = ctx.timeline();
    List<Check> checks = new ArrayList<>();

    long began = System.nanoTime();
    ctx.hold(ctx.pace().settle());
    t.at("baseline: " + ctx.failures(ctx.traffic().samples(began, System.nanoTime())));

    double retriesBefore = ctx.metrics(dc.lb()).sum("tierkit_lb_http_retries_total");
    long pid = ctx.processes().pids().getOrDefault(web.name(), -1L);
    long killed = System.nanoTime();
    ctx.processes().kill(web.name());
    t.at("killed " + web.name() + " (pid " + pid + ", SIGKILL)");

    OptionalDouble ejected =
        ctx.await(EJECT_WITHIN, () -> ctx.metrics(dc.lb()).value(upSeries) == 0.0);
    t.at(
        ejected.isPresent()
            ? String.format(
                "%s marked %s down (health check), %.1f s after the kill",
                dc.lb().name(), web.name(), ejected.getAsDouble())
            : dc.lb().name() + " still has " + web.name() + " up");
    checks.add(
        new Check(
            dc.lb().name()
                + " ejected "
                + web.name()
                + " within "
                + EJECT_WITHIN.toSeconds()
                + " s",
            ejected.isPresent(),
            ejected.isPresent() ? String.format("%.1f s", ejected.getAsDouble()) : "not ejected"));

    ctx.hold(ctx.pace().observe());
    List<Sample> during = ctx.traffic().samples(killed, System.nanoTime());
    List<Sample> east = during.stream().filter(s -> s.servedBy().equals(dc.name())).toList();
    double retries = ctx.metrics(dc.lb()).sum("tierkit_lb_http_retries_total") - retriesBefore;
    t.at(
        String.format(
            "%s down: %d requests through %s, %s; lb retried %.0f",
            web.name(), east.size(), dc.name(), ctx.failures(east), retries));
    checks.add(
        new Check(
            "users kept being served by " + dc.name() + " while " + web.name() + " was down",
            !east.isEmpty() && east.stream().anyMatch(Sample::ok),
            east.size() + " requests"));

    ctx.processes().start(web.name());
    t.at("started " + web.name() + " again (pid " + ctx.processes().pids().get(web.name()) + ")");
    OptionalDouble back =
        ctx.await(EJECT_WITHIN, () -> ctx.metrics(dc.lb()).value(upSeries) == 1.0);
    t.at(
        back.isPresent()
            ? String.format(
                "%s put %s back in rotation after %.1f s",
                dc.lb().name(), web.name(), back.getAsDouble())
            : dc.lb().name() + " did not take " + web.name() + " back");
    checks.add(
        new Check(
            dc.lb().name() + " took " + web.name() + " back",
            back.isPresent(),
            back.isPresent() ? String.format("%.1f s after its start", back.getAsDouble()) : "no"));
    ctx.hold(ctx.pace().settle());

    List<Sample> all = ctx.traffic().samples(began, System.nanoTime());
    checks.add(
        new Check(
            "no user request failed",
            all.stream().allMatch(Sample::ok) && !all.isEmpty(),
            ctx.failures(all)));
    return checks;
  }
}
