package dev.tierkit.lb.tcp;

import dev.tierkit.common.metrics.Counter;
import dev.tierkit.common.metrics.MetricRegistry;

/**
 * The counters of one TCP frontend, labelled {@code frontend}: registered once per frontend, then
 * updated from the event loops without locks.
 */
final class TcpMetrics {
  final Counter connections;
  final Counter bytesIn;
  final Counter bytesOut;
  final Counter connectFailures;
  final Counter retries;
  final Counter clientLimitRejected;
  final Counter proxyHeaderInvalid;
  final Counter noBackend;

  TcpMetrics(MetricRegistry metrics, String frontend) {
    connections =
        metrics.counter(
            "tierkit_lb_tcp_connections_total",
            "Client connections accepted by a TCP frontend.",
            "frontend",
            frontend);
    bytesIn =
        metrics.counter(
            "tierkit_lb_tcp_bytes_in_total",
            "Bytes received from clients and relayed to backends.",
            "frontend",
            frontend);
    bytesOut =
        metrics.counter(
            "tierkit_lb_tcp_bytes_out_total",
            "Bytes received from backends and relayed to clients.",
            "frontend",
            frontend);
    connectFailures =
        metrics.counter(
            "tierkit_lb_tcp_connect_failures_total",
            "Backend connection attempts that failed (refused, unreachable, timed out).",
            "frontend",
            frontend);
    retries =
        metrics.counter(
            "tierkit_lb_tcp_retries_total",
            "Backend connection attempts after a first one failed.",
            "frontend",
            frontend);
    String rejected = "tierkit_lb_tcp_rejected_total";
    String rejectedHelp = "Client connections closed without reaching a backend, by reason.";
    clientLimitRejected =
        metrics.counter(rejected, rejectedHelp, "frontend", frontend, "reason", "client-limit");
    proxyHeaderInvalid =
        metrics.counter(
            rejected, rejectedHelp, "frontend", frontend, "reason", "proxy-header-invalid");
    noBackend =
        metrics.counter(rejected, rejectedHelp, "frontend", frontend, "reason", "no-backend");
  }
}
