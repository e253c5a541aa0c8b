package dev.tierkit.dist.demo.scenario;

import dev.tierkit.dist.demo.live.Metrics;
import dev.tierkit.dist.demo.live.Traffic.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code worker-outage}: stops the worker while users keep submitting photo jobs. mq-broker keeps
 * them (persistent messages on a durable queue, confirmed to the web server before the user got its
 * 202), so the queue grows; when the worker starts again it drains the backlog, and every job a
 * user was told was accepted is done.
 */
final class WorkerOutage implements Scenario {
  static final Duration DRAIN_WITHIN = Duration.ofSeconds(60);
  static final String QUEUE_DEPTH = "tierkit_mq_messages_ready";

  @Override
  public String name() {
    return "worker-outage";
  }

  @Override
  public String claim() {
    return "stop the worker: jobs queue up durably; restart it: the backlog drains, none lost";
  }

  @Override
  public List<Check> run(ScenarioContext ctx) throws InterruptedException {
    Timeline t = ctx.timeline();
    List<Check> checks = new ArrayList<>();
    String worker = ctx.topology().shared().worker().name();

    long began = System.nanoTime();
    ctx.hold(ctx.pace().settle());
    t.at(
        String.format(
            "baseline: %d jobs accepted so far, %d pending; queue depth %.0f; cache evictions %.0f",
            ctx.traffic().acceptedJobs().size(),
            ctx.traffic().pendingJobs().size(),
            depth(ctx),
            evictions(ctx)));

    Metrics before = ctx.metrics(ctx.topology().shared().worker());
    ctx.processes().stop(worker);
    long stopped = System.nanoTime();
    // Its own counts as last seen: a job it dropped rather than left for redelivery shows here.
    t.at(
        String.format(
            "stopped %s (it had done %.0f jobs, dropped %.0f, requeued %.0f)",
            worker,
            before.value("demo_worker_jobs_done_total"),
            before.value("demo_worker_jobs_dropped_total"),
            before.value("demo_worker_jobs_requeued_total")));

    // Watch the queue grow while the worker is away: one line a second.
    double maxDepth = 0;
    long until = stopped + ctx.pace().observe().toNanos();
    while (System.nanoTime() - until < 0) {
      ctx.hold(Duration.ofSeconds(1));
      double d = depth(ctx);
      maxDepth = Math.max(maxDepth, d);
      t.at(
          String.format(
              "queue depth %.0f, jobs pending for users %d",
              d, ctx.traffic().pendingJobs().size()));
    }
    long acceptedWhileDown =
        ctx.traffic().samples(stopped, System.nanoTime()).stream()
            .filter(s -> s.kind().equals("job") && s.ok() && s.status() == 202)
            .count();
    checks.add(
        new Check(
            "jobs queued up while the worker was down",
            maxDepth > 0 && acceptedWhileDown > 0,
            String.format(
                "%d jobs accepted, queue depth up to %.0f", acceptedWhileDown, maxDepth)));

    // Every job a user was told was accepted and is still waiting for: all of them must end done.
    Set<String> owed = new HashSet<>(ctx.traffic().pendingJobs());
    ctx.processes().start(worker);
    t.at(
        "started "
            + worker
            + " again; the "
            + owed.size()
            + " accepted jobs users are waiting for must all be done");
    OptionalDouble drained =
        ctx.await(
            DRAIN_WITHIN,
            () -> {
              Set<String> pending = ctx.traffic().pendingJobs();
              return owed.stream().noneMatch(pending::contains);
            });
    double depthAfter = depth(ctx);
    Set<String> stillPending = new HashSet<>(ctx.traffic().pendingJobs());
    stillPending.retainAll(owed);
    t.at(
        drained.isPresent()
            ? String.format(
                "backlog drained: every accepted job done %.1f s after the restart; queue depth %.0f",
                drained.getAsDouble(), depthAfter)
            : String.format(
                "%d accepted jobs still not done; cache evictions %.0f",
                stillPending.size(), evictions(ctx)));
    checks.add(
        new Check(
            "every accepted job was done after the restart (none lost)",
            drained.isPresent(),
            drained.isPresent()
                ? String.format("%d jobs, drained in %.1f s", owed.size(), drained.getAsDouble())
                : stillPending.size()
                    + " of "
                    + owed.size()
                    + " not done, e.g. "
                    + stillPending.stream().limit(3).toList()));

    ctx.hold(ctx.pace().settle());
    List<Sample> all = ctx.traffic().samples(began, System.nanoTime());
    checks.add(
        new Check(
            "no user request failed",
            !all.isEmpty() && all.stream().allMatch(Sample::ok),
            ctx.failures(all)));
    return checks;
  }

  private static double evictions(ScenarioContext ctx) {
    return ctx.metrics(ctx.topology().shared().cache()).value("tierkit_cache_evictions_total");
  }

  private static double depth(ScenarioContext ctx) {
    return ctx.metrics(ctx.topology().shared().mq()).value(QUEUE_DEPTH);
  }
}
