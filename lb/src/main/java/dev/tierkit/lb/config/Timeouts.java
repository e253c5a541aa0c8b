package dev.tierkit.lb.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A frontend's timeouts. Each must be positive.
 *
 * @param connect a backend connection attempt (default 5 s); a timeout counts as a connect failure
 *     and the request is retried elsewhere
 * @param clientHeader from a request's first byte (or the end of the previous one) until its
 *     headers are complete (default 10 s): slowloris gets 408 and a closed connection
 * @param idle a connection with nothing in flight, client or backend side (default 60 s)
 * @param request a whole request, from its first byte to the last byte of its response (default 5
 *     min); HTTP only
 * @param backendResponse from the request sent until the response headers arrive (default 60 s):
 *     504 when it passes
 */
public record Timeouts(
    Duration connect,
    Duration clientHeader,
    Duration idle,
    Duration request,
    Duration backendResponse) {
  public static final Timeouts DEFAULTS =
      new Timeouts(
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(60),
          Duration.ofMinutes(5),
          Duration.ofSeconds(60));

  public Timeouts {
    positive("connect", connect);
    positive("clientHeader", clientHeader);
    positive("idle", idle);
    positive("request", request);
    positive("backendResponse", backendResponse);
  }

  private static void positive(String name, Duration d) {
    Objects.requireNonNull(d, "timeouts." + name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("timeouts." + name + " must be positive, got " + d);
    }
  }
}
