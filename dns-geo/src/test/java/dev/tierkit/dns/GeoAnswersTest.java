package dev.tierkit.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.DaemonExtension;
import dev.tierkit.dns.server.DnsListeners;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Location-dependent answers of a real dns-geo: by ECS, by source address, by weight. */
class GeoAnswersTest {
  @RegisterExtension static final DaemonExtension dns = TestDns.extension(TestDns.example());

  private DnsClient client;

  @BeforeEach
  void connect() {
    client = new DnsClient(dns.port(DnsListeners.NAME));
  }

  private Message ecs(String name, int type, String address, int prefix) throws IOException {
    return client.udp(DnsClient.queryWithSubnet(name, type, address, prefix));
  }

  private static String address(Message reply) {
    List<Record> answer = reply.getSection(Section.ANSWER);
    assertThat(answer).hasSize(1);
    return answer.get(0).rdataToString();
  }

  private static ClientSubnetOption subnet(Message reply) {
    List<EDNSOption> options = reply.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET);
    assertThat(options).hasSize(1);
    return (ClientSubnetOption) options.get(0);
  }

  @Test
  void ecsAddressPicksTheDataCenterAndScopeIsTheMapRegion() throws IOException {
    Message us = ecs("www.example.test.", Type.A, "10.1.2.0", 24);
    assertThat(address(us)).isEqualTo("127.1.0.1");
    assertThat(subnet(us).getSourcePrefixLength()).isEqualTo(24);
    // 10.1.0.0/16 decides [us-east, eu-west], as the default does for its neighbour 10.0.0.0/16:
    // the two merge, so the answer holds for all of 10.0.0.0/15.
    assertThat(subnet(us).getScopePrefixLength()).isEqualTo(15);
    assertThat(subnet(us).getAddress().getHostAddress()).isEqualTo("10.1.2.0");

    Message eu = ecs("www.example.test.", Type.A, "10.2.3.0", 24);
    assertThat(address(eu)).isEqualTo("127.2.0.1");
    // 10.2.0.0/16 holds 10.2.5.0/24 with another answer: 10.2.3.0 lies in 10.2.0.0/22, all eu-west.
    assertThat(subnet(eu).getScopePrefixLength()).isEqualTo(22);

    Message inner = ecs("www.example.test.", Type.A, "10.2.5.0", 24);
    assertThat(address(inner)).isEqualTo("127.1.0.1");
    assertThat(subnet(inner).getScopePrefixLength()).isEqualTo(24);
  }

  @Test
  void ipv6EcsIsMappedToo() throws IOException {
    Message eu = ecs("www.example.test.", Type.AAAA, "2001:db8:2::", 56);
    assertThat(InetAddress.getByName(address(eu)))
        .isEqualTo(InetAddress.getByName("2001:db8:2::1"));
    assertThat(subnet(eu).getScopePrefixLength()).isEqualTo(48);
  }

  @Test
  void staticNamesHaveScopeZero() throws IOException {
    Message reply = ecs("static.example.test.", Type.A, "10.1.2.0", 24);
    assertThat(address(reply)).isEqualTo("192.0.2.80");
    assertThat(subnet(reply).getScopePrefixLength()).isZero();
  }

  @Test
  void geoAnswersHaveTheirShortTtl() throws IOException {
    Message reply = ecs("www.example.test.", Type.A, "10.1.2.0", 24);
    assertThat(reply.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(20);
  }

  @Test
  void sourceAddressDecidesWithoutEcs() throws IOException {
    Message fromEu =
        client.udpFrom(
            DnsClient.query("www.example.test.", Type.A), InetAddress.getByName("127.2.0.5"));
    assertThat(address(fromEu)).isEqualTo("127.2.0.1");
    Message fromDefault =
        client.udpFrom(
            DnsClient.query("www.example.test.", Type.A), InetAddress.getByName("127.0.0.1"));
    assertThat(address(fromDefault)).isEqualTo("127.1.0.1");
  }

  @Test
  void ecsWithSourcePrefixZeroUsesTheSourceAddressAndScopeZero() throws IOException {
    Message query =
        DnsClient.queryWithEdns(
            "www.example.test.",
            Type.A,
            1232,
            new ClientSubnetOption(0, InetAddress.getByName("0.0.0.0")));
    Message reply = client.udpFrom(query, InetAddress.getByName("127.2.0.5"));
    assertThat(address(reply)).isEqualTo("127.2.0.1");
    assertThat(subnet(reply).getScopePrefixLength()).isZero();
  }

  @Test
  void ecsOverTcpWorksAlike() throws IOException {
    Message reply =
        client.tcp(DnsClient.queryWithSubnet("www.example.test.", Type.A, "10.2.3.0", 24));
    assertThat(address(reply)).isEqualTo("127.2.0.1");
    assertThat(subnet(reply).getScopePrefixLength()).isEqualTo(22);
  }

  @Test
  void weightedRecordsArePickedByWeight() throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      counts.merge(address(ecs("weighted.example.test.", Type.A, "10.1.0.0", 16)), 1, Integer::sum);
    }
    assertThat(counts.keySet()).containsExactlyInAnyOrder("127.1.0.10", "127.1.0.11");
    assertThat(counts.get("127.1.0.10")).isGreaterThan(counts.get("127.1.0.11") * 3);
  }

  @Test
  void geoNameWithoutThatTypeIsNodata() throws IOException {
    Message reply = ecs("www.example.test.", Type.MX, "10.1.2.0", 24);
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
  }
}
