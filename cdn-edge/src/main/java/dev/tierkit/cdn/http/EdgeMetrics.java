package dev.tierkit.cdn.http;

import dev.tierkit.common.metrics.Counter;
import dev.tierkit.common.metrics.Histogram;
import dev.tierkit.common.metrics.MetricRegistry;

/** The edge's request figures, in {@code /metrics}. */
public final class EdgeMetrics {
  final Counter hit;
  final Counter miss;
  final Counter expired;
  final Counter stale;
  final Counter pass;
  final Counter purge;
  final Counter error;
  final Counter collapsed;
  final Counter originFetches;
  final Counter originFailures;
  final Counter originNotModified;
  final Counter clientBytes;
  final Counter rejected;
  final Histogram latency;

  public EdgeMetrics(MetricRegistry registry) {
    String name = "tierkit_cdn_requests_total";
    String help = "Client requests by how they were answered (the X-Cache value).";
    hit = registry.counter(name, help, "cache", "HIT");
    miss = registry.counter(name, help, "cache", "MISS");
    expired = registry.counter(name, help, "cache", "EXPIRED");
    stale = registry.counter(name, help, "cache", "STALE");
    pass = registry.counter(name, help, "cache", "PASS");
    purge = registry.counter(name, help, "cache", "PURGE");
    error = registry.counter(name, help, "cache", "ERROR");
    collapsed =
        registry.counter(
            "tierkit_cdn_collapsed_requests_total",
            "Requests served by another request's origin fetch (coalesced).");
    originFetches =
        registry.counter("tierkit_cdn_origin_requests_total", "Requests sent to origins.");
    originFailures =
        registry.counter(
            "tierkit_cdn_origin_failures_total",
            "Origin requests that failed: connect error, timeout, broken response.");
    originNotModified =
        registry.counter(
            "tierkit_cdn_origin_not_modified_total", "Revalidations the origin answered 304.");
    clientBytes =
        registry.counter("tierkit_cdn_client_body_bytes_total", "Body bytes sent to clients.");
    rejected =
        registry.counter(
            "tierkit_cdn_rejected_requests_total",
            "Requests refused before any work: malformed, over a limit, or smuggling attempts.");
    latency =
        registry.latencyHistogram(
            "tierkit_cdn_request_duration_seconds",
            "From a request's head to the end of its response head.");
  }
}
