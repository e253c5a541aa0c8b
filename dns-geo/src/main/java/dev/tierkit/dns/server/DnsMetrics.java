package dev.tierkit.dns.server;

import dev.tierkit.common.metrics.Counter;
import dev.tierkit.common.metrics.Histogram;
import dev.tierkit.common.metrics.MetricRegistry;

/**
 * The query path's counters, registered once and referenced directly on the hot path (one {@code
 * LongAdder} increment each).
 */
public final class DnsMetrics {
  private static final String[] RCODE_NAMES = {
    "noerror", "formerr", "servfail", "nxdomain", "notimp", "refused"
  };

  final Counter udpQueries;
  final Counter tcpQueries;
  final Counter ecsQueries;
  final Counter truncated;
  final Counter droppedMalformed;
  final Counter droppedRateLimited;
  final Counter slippedRateLimited;
  final Counter badVersion;
  final Counter otherRcode;
  final Counter transfers;
  private final Counter[] byRcode = new Counter[RCODE_NAMES.length];
  final Histogram latency;

  public DnsMetrics(MetricRegistry registry) {
    String queries = "tierkit_dns_queries_total";
    String queriesHelp = "Queries received, by transport.";
    udpQueries = registry.counter(queries, queriesHelp, "transport", "udp");
    tcpQueries = registry.counter(queries, queriesHelp, "transport", "tcp");
    ecsQueries =
        registry.counter(
            "tierkit_dns_ecs_queries_total", "Queries that carried an EDNS Client Subnet option.");
    truncated =
        registry.counter(
            "tierkit_dns_truncated_total", "Responses sent with TC=1 because they did not fit.");
    String dropped = "tierkit_dns_dropped_total";
    String droppedHelp = "Queries not answered, by reason.";
    droppedMalformed = registry.counter(dropped, droppedHelp, "reason", "malformed");
    droppedRateLimited = registry.counter(dropped, droppedHelp, "reason", "rate_limited");
    slippedRateLimited =
        registry.counter(
            "tierkit_dns_rrl_slipped_total",
            "Rate-limited responses sent truncated (TC=1) instead of dropped.");
    String responses = "tierkit_dns_responses_total";
    String responsesHelp = "Responses sent, by response code.";
    for (int i = 0; i < RCODE_NAMES.length; i++) {
      byRcode[i] = registry.counter(responses, responsesHelp, "rcode", RCODE_NAMES[i]);
    }
    badVersion = registry.counter(responses, responsesHelp, "rcode", "badvers");
    otherRcode = registry.counter(responses, responsesHelp, "rcode", "other");
    transfers =
        registry.counter(
            "tierkit_dns_zone_transfers_total", "Zone transfers (AXFR, IXFR) sent over TCP.");
    latency =
        registry.latencyHistogram(
            "tierkit_dns_query_duration_seconds",
            "Time from a query's bytes to its response's bytes, inside the server.");
  }

  void response(int rcode) {
    if (rcode >= 0 && rcode < byRcode.length) {
      byRcode[rcode].increment();
    } else if (rcode == 16) {
      badVersion.increment();
    } else {
      otherRcode.increment();
    }
  }
}
