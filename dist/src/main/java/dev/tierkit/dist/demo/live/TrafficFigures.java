package dev.tierkit.dist.demo.live;

import java.util.Map;

/**
 * What the demo's simulated users have seen so far, as running totals since the demo started: the
 * status page turns them into rates, the scenarios into deltas.
 *
 * @param requests user requests sent (pages, assets, logins, jobs, job polls)
 * @param failures requests that failed as the user sees it: no connection, a 5xx, a wrong answer
 * @param servedBy requests answered, by the data center whose edge answered them
 * @param logins logins done, including those of users asked to log in again
 * @param jobsSubmitted photo jobs accepted (202)
 * @param jobsDone accepted jobs whose result the user has since fetched
 */
public record TrafficFigures(
    long requests,
    long failures,
    Map<String, Long> servedBy,
    long logins,
    long jobsSubmitted,
    long jobsDone) {
  /** Copies the map. */
  public TrafficFigures {
    servedBy = Map.copyOf(servedBy);
  }

  /** Before any traffic. */
  public static final TrafficFigures NONE = new TrafficFigures(0, 0, Map.of(), 0, 0, 0);
}
