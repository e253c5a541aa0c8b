package dev.tierkit.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.DaemonExtension;
import dev.tierkit.common.testing.PrometheusTextParser;
import dev.tierkit.dns.server.DnsListeners;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.Type;

/** dns-geo's admin routes and metrics, read from a real daemon after real queries. */
class AdminApiTest {
  @RegisterExtension static final DaemonExtension dns = TestDns.extension(TestDns.example());

  private final HttpClient http = HttpClient.newHttpClient();

  private String get(String path) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(dns.admin(path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @Test
  void zonesRouteListsOriginSerialAndRecords() throws Exception {
    assertThat(get("/zones"))
        .contains("\"origin\":\"example.test.\"")
        .contains("\"serial\":2026120101")
        .contains("\"records\":25");
  }

  @Test
  void badForceStateIsRejected() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(dns.admin("/datacenters/force?name=us-east&state=sideways"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
  }

  @Test
  void metricsCountQueriesResponsesAndGeoAnswersPerDataCenter() throws Exception {
    DnsClient client = new DnsClient(dns.port(DnsListeners.NAME));
    client.udp(DnsClient.query("static.example.test.", Type.A));
    client.udp(DnsClient.query("nope.example.test.", Type.A));
    client.tcp(DnsClient.queryWithSubnet("www.example.test.", Type.A, "10.2.3.0", 24));
    java.util.Map<String, Double> metrics = PrometheusTextParser.parse(get("/metrics"));
    assertThat(metrics.get("tierkit_dns_queries_total{transport=\"udp\"}"))
        .isGreaterThanOrEqualTo(2);
    assertThat(metrics.get("tierkit_dns_queries_total{transport=\"tcp\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(metrics.get("tierkit_dns_responses_total{rcode=\"nxdomain\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(metrics.get("tierkit_dns_ecs_queries_total")).isGreaterThanOrEqualTo(1);
    assertThat(metrics.get("tierkit_dns_geo_answers_total{datacenter=\"eu-west\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(metrics.get("tierkit_dns_zones")).isEqualTo(1);
  }
}
