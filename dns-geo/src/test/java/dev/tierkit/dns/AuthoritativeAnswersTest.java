package dev.tierkit.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.DaemonExtension;
import dev.tierkit.dns.server.DnsListeners;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.ZoneTransferIn;

/** The authoritative answers of a real dns-geo over UDP and TCP, asked with dnsjava. */
class AuthoritativeAnswersTest {
  @RegisterExtension static final DaemonExtension dns = TestDns.extension(TestDns.example());

  private DnsClient client;

  @BeforeEach
  void connect() {
    client = new DnsClient(dns.port(DnsListeners.NAME));
  }

  @Test
  void staticAddressIsAnsweredAuthoritativelyOverUdpAndTcp() throws IOException {
    for (Message reply :
        List.of(
            client.udp(DnsClient.query("static.example.test.", Type.A)),
            client.tcp(DnsClient.query("static.example.test.", Type.A)))) {
      assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
      assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
      assertThat(reply.getHeader().getFlag(Flags.QR)).isTrue();
      List<Record> answer = reply.getSection(Section.ANSWER);
      assertThat(answer).hasSize(1);
      assertThat(((ARecord) answer.get(0)).getAddress().getHostAddress()).isEqualTo("192.0.2.80");
      assertThat(answer.get(0).getTTL()).isEqualTo(3600);
    }
  }

  @Test
  void stubResolverGetsAnAnswer() throws IOException {
    SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
    resolver.setPort(dns.port(DnsListeners.NAME));
    Message reply = resolver.send(DnsClient.query("mail.example.test.", Type.AAAA));
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(((org.xbill.DNS.AAAARecord) reply.getSection(Section.ANSWER).get(0)).getAddress())
        .isEqualTo(InetAddress.getByName("2001:db8::25"));
  }

  @Test
  void nxdomainCarriesSoaWithNegativeTtl() throws IOException {
    Message reply = client.udp(DnsClient.query("nope.example.test.", Type.A));
    assertThat(reply.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    List<Record> authority = reply.getSection(Section.AUTHORITY);
    assertThat(authority).hasSize(1);
    assertThat(authority.get(0)).isInstanceOf(SOARecord.class);
    assertThat(authority.get(0).getTTL()).isEqualTo(300);
  }

  @Test
  void nodataCarriesSoa() throws IOException {
    Message reply = client.udp(DnsClient.query("static.example.test.", Type.MX));
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(reply.getSection(Section.AUTHORITY).get(0)).isInstanceOf(SOARecord.class);
  }

  @Test
  void cnameChainIsFollowedInZone() throws IOException {
    Message reply = client.udp(DnsClient.query("chain.example.test.", Type.A));
    List<Record> answer = reply.getSection(Section.ANSWER);
    assertThat(answer).hasSize(3);
    assertThat(answer.get(0)).isInstanceOf(CNAMERecord.class);
    assertThat(((CNAMERecord) answer.get(1)).getTarget().toString())
        .isEqualTo("static.example.test.");
    assertThat(answer.get(2).rdataToString()).isEqualTo("192.0.2.80");
  }

  @Test
  void wildcardIsSynthesizedUnderTheQueryName() throws IOException {
    Message reply = client.udp(DnsClient.query("anything.wild.example.test.", Type.A));
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    Record a = reply.getSection(Section.ANSWER).get(0);
    assertThat(a.getName().toString()).isEqualTo("anything.wild.example.test.");
    assertThat(a.rdataToString()).isEqualTo("192.0.2.99");
  }

  @Test
  void emptyNonTerminalIsNodataNotNxdomain() throws IOException {
    Message reply = client.udp(DnsClient.query("b.deep.example.test.", Type.A));
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
  }

  @Test
  void delegationIsAReferralWithGlue() throws IOException {
    Message reply = client.udp(DnsClient.query("host.sub.example.test.", Type.A));
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(reply.getSection(Section.ANSWER)).isEmpty();
    assertThat(reply.getSection(Section.AUTHORITY)).extracting(Record::getType).contains(Type.NS);
    assertThat(reply.getSection(Section.ADDITIONAL))
        .filteredOn(r -> r.getType() == Type.A)
        .extracting(Record::rdataToString)
        .containsExactly("192.0.2.100");
  }

  @Test
  void dsAtTheDelegationIsAnsweredByTheParent() throws IOException {
    Message reply = client.udp(DnsClient.query("sub.example.test.", Type.DS));
    assertThat(reply.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(reply.getSection(Section.ANSWER))
        .extracting(Record::getType)
        .containsExactly(Type.DS);
  }

  @Test
  void outOfZoneIsRefused() throws IOException {
    Message reply = client.udp(DnsClient.query("example.org.", Type.A));
    assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
    assertThat(reply.getHeader().getFlag(Flags.AA)).isFalse();
  }

  @Test
  void zoneTransferIsRefusedToAddressesNotAllowed() throws IOException {
    Message reply =
        client.tcpFrom(
            DnsClient.query("example.test.", Type.AXFR), InetAddress.getByName("127.0.0.2"));
    assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
    Message overUdp = client.udp(DnsClient.query("example.test.", Type.AXFR));
    assertThat(overUdp.getRcode()).isEqualTo(Rcode.REFUSED);
  }

  @Test
  void allowedAxfrSendsTheWholeZoneBetweenTwoSoas() throws Exception {
    ZoneTransferIn axfr =
        ZoneTransferIn.newAXFR(
            Name.fromString("example.test."), "127.0.0.1", dns.port(DnsListeners.NAME), null);
    axfr.run();
    List<Record> records = axfr.getAXFR();
    assertThat(records.get(0)).isInstanceOf(SOARecord.class);
    assertThat(records.get(records.size() - 1)).isInstanceOf(SOARecord.class);
    // 25 records in the file plus the closing SOA.
    assertThat(records).hasSize(26);
    assertThat(records).extracting(Record::rdataToString).contains("192.0.2.80", "192.0.2.99");
  }

  @Test
  void queryPipelinedBehindATransferIsAnsweredAfterIt() throws IOException {
    try (Socket socket =
        new Socket(InetAddress.getLoopbackAddress(), dns.port(DnsListeners.NAME))) {
      socket.setSoTimeout(3000);
      java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(batch);
      for (Message q :
          List.of(
              DnsClient.query("example.test.", Type.AXFR),
              DnsClient.query("static.example.test.", Type.A))) {
        byte[] wire = q.toWire();
        out.writeShort(wire.length);
        out.write(wire);
      }
      socket.getOutputStream().write(batch.toByteArray());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      int soas = 0;
      while (soas < 2) {
        Message m = DnsClient.readTcp(in);
        assertThat(m.getQuestion().getType()).isEqualTo(Type.AXFR);
        for (Record r : m.getSection(Section.ANSWER)) {
          soas += r.getType() == Type.SOA ? 1 : 0;
        }
      }
      Message after = DnsClient.readTcp(in);
      assertThat(after.getQuestion().getType()).isEqualTo(Type.A);
      assertThat(after.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("192.0.2.80");
    }
  }

  @Test
  void anyIsAnsweredWithoutEveryRrset() throws IOException {
    Message reply = client.udp(DnsClient.query("example.test.", Type.ANY));
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(reply.getSection(Section.ANSWER)).isNotEmpty();
    assertThat(reply.getSection(Section.ANSWER).stream().map(Record::getType).distinct())
        .hasSize(1);
  }

  @Test
  void queryCaseIsEchoed() throws IOException {
    Message reply = client.udp(DnsClient.query("StAtIc.ExAmPlE.tEsT.", Type.A));
    assertThat(reply.getQuestion().getName().toString()).isEqualTo("StAtIc.ExAmPlE.tEsT.");
    assertThat(reply.getSection(Section.ANSWER).get(0).getName().toString())
        .isEqualTo("StAtIc.ExAmPlE.tEsT.");
  }

  @Test
  void answerTooBigForUdpIsTruncatedAndWholeOverTcp() throws IOException {
    Message udp = client.udp(DnsClient.query("big.example.test.", Type.TXT));
    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
    Message tcp = client.tcp(DnsClient.query("big.example.test.", Type.TXT));
    assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(tcp.getSection(Section.ANSWER)).hasSize(6);
    Message edns = client.udp(DnsClient.queryWithEdns("big.example.test.", Type.TXT, 1232));
    assertThat(edns.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(edns.getSection(Section.ANSWER)).hasSize(6);
  }

  @Test
  void stubResolverRetriesTruncatedAnswersOverTcp() throws IOException {
    Resolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
    resolver.setPort(dns.port(DnsListeners.NAME));
    Message reply = resolver.send(DnsClient.query("big.example.test.", Type.TXT));
    assertThat(reply.getSection(Section.ANSWER)).hasSize(6);
  }

  @Test
  void ednsIsAnsweredWithOurPayloadAndNsidWhenAsked() throws IOException {
    Message reply =
        client.udp(
            DnsClient.queryWithEdns(
                "static.example.test.",
                Type.A,
                4096,
                new GenericEDNSOption(EDNSOption.Code.NSID, new byte[0])));
    OPTRecord opt = reply.getOPT();
    assertThat(opt).isNotNull();
    assertThat(opt.getPayloadSize()).isEqualTo(1232);
    List<EDNSOption> nsid = opt.getOptions(EDNSOption.Code.NSID);
    assertThat(nsid).hasSize(1);
    byte[] wire = nsid.get(0).toWire(); // code, length, data
    assertThat(new String(wire, 4, wire.length - 4, StandardCharsets.UTF_8))
        .isEqualTo("tierkit-test");
  }

  @Test
  void ednsVersionAboveZeroIsBadvers() throws IOException {
    Message query = DnsClient.query("static.example.test.", Type.A);
    query.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
    Message reply = client.udp(query);
    assertThat(reply.getRcode()).isEqualTo(Rcode.BADVERS);
  }

  @Test
  void garbageDatagramsDoNotStopTheServer() throws IOException {
    java.util.Random random = new java.util.Random(7);
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (java.net.DatagramSocket socket = new java.net.DatagramSocket()) {
      for (int i = 0; i < 200; i++) {
        byte[] junk = new byte[random.nextInt(64)];
        random.nextBytes(junk);
        socket.send(
            new java.net.DatagramPacket(junk, junk.length, loopback, dns.port(DnsListeners.NAME)));
      }
    }
    Message reply = client.udp(DnsClient.query("static.example.test.", Type.A));
    assertThat(reply.getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void formerrForTwoQuestions() throws IOException {
    Message query = DnsClient.query("static.example.test.", Type.A);
    query.addRecord(
        Record.newRecord(Name.fromString("mail.example.test."), Type.A, 1), Section.QUESTION);
    Message reply = client.udp(query);
    assertThat(reply.getRcode()).isEqualTo(Rcode.FORMERR);
  }

  @Test
  void pipelinedTcpQueriesAreAnsweredInOrder() throws IOException {
    try (Socket socket =
        new Socket(InetAddress.getLoopbackAddress(), dns.port(DnsListeners.NAME))) {
      socket.setSoTimeout(3000);
      java.io.ByteArrayOutputStream batch = new java.io.ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(batch);
      String[] names = {"static.example.test.", "mail.example.test.", "ns1.example.test."};
      int[] ids = new int[names.length];
      for (int i = 0; i < names.length; i++) {
        Message q = DnsClient.query(names[i], Type.A);
        ids[i] = q.getHeader().getID();
        byte[] wire = q.toWire();
        out.writeShort(wire.length);
        out.write(wire);
      }
      socket.getOutputStream().write(batch.toByteArray());
      DataInputStream in = new DataInputStream(socket.getInputStream());
      for (int i = 0; i < names.length; i++) {
        Message reply = DnsClient.readTcp(in);
        assertThat(reply.getHeader().getID()).isEqualTo(ids[i]);
        assertThat(reply.getQuestion().getName().toString()).isEqualTo(names[i]);
      }
    }
  }

  @Test
  void idleTcpConnectionIsClosed() throws IOException {
    try (Socket socket =
        new Socket(InetAddress.getLoopbackAddress(), dns.port(DnsListeners.NAME))) {
      socket.setSoTimeout(5000);
      long start = System.nanoTime();
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
      assertThat(System.nanoTime() - start).isLessThan(4_000_000_000L);
    }
  }
}
