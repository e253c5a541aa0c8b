package dev.tierkit.lb.http;

import dev.tierkit.common.metrics.Counter;
import dev.tierkit.common.metrics.Histogram;
import dev.tierkit.common.metrics.MetricRegistry;

/**
 * The metrics of one HTTP frontend, registered once and shared by its connections: requests by
 * status class, request latency, retries, backend failures and requests answered 503 for want of a
 * backend.
 */
final class HttpProxyMetrics {
  private final Counter[] requestsByClass = new Counter[6];
  final Histogram latency;
  final Counter retries;
  final Counter backendFailures;
  final Counter noBackend;

  HttpProxyMetrics(MetricRegistry registry, String frontend) {
    for (int i = 1; i <= 5; i++) {
      requestsByClass[i] =
          registry.counter(
              "tierkit_lb_http_requests_total",
              "HTTP requests answered, by frontend and status class.",
              "frontend",
              frontend,
              "code",
              i + "xx");
    }
    requestsByClass[0] = requestsByClass[5];
    latency =
        registry.latencyHistogram(
            "tierkit_lb_http_request_duration_seconds",
            "Time from a request's first byte to the last byte of its response.",
            "frontend",
            frontend);
    retries =
        registry.counter(
            "tierkit_lb_http_retries_total",
            "Requests sent again to another backend after a connect failure or a closed connection.",
            "frontend",
            frontend);
    backendFailures =
        registry.counter(
            "tierkit_lb_http_backend_failures_total",
            "Backend connect failures, resets, timeouts and 5xx answers.",
            "frontend",
            frontend);
    noBackend =
        registry.counter(
            "tierkit_lb_http_no_backend_total",
            "Requests answered 503 because no backend could take them.",
            "frontend",
            frontend);
  }

  /** Counts a request answered with {@code status} (0: none sent, counted with 5xx). */
  void answered(int status) {
    int cls = status / 100;
    requestsByClass[cls >= 1 && cls <= 5 ? cls : 0].increment();
  }
}
