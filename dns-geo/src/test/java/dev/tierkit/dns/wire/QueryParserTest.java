package dev.tierkit.dns.wire;

import static dev.tierkit.dns.wire.Packet.concat;
import static dev.tierkit.dns.wire.Packet.ecs;
import static dev.tierkit.dns.wire.Packet.option;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.CodecTest;
import dev.tierkit.dns.wire.ParsedQuery.Outcome;
import dev.tierkit.dns.zone.Client;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

@CodecTest
class QueryParserTest {
  private final QueryParser parser = new QueryParser();

  /** Parses from a buffer whose capacity is exactly the packet: any overrun would throw. */
  private ParsedQuery parse(byte[] packet) {
    ByteBuf buf = Unpooled.wrappedBuffer(packet);
    try {
      ParsedQuery parsed = parser.parse(buf);
      assertThat(buf.readerIndex()).isZero();
      assertThat(buf.writerIndex()).isEqualTo(packet.length);
      return parsed;
    } finally {
      buf.release();
    }
  }

  private static void assertFormerr(ParsedQuery p) {
    assertThat(p.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(p.rcode()).isEqualTo(ParsedQuery.FORMERR);
    assertThat(p.query().id()).isEqualTo(0x1234);
  }

  private static byte[] dnsjavaQuery(String name, int type, OPTRecord opt) throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    m.getHeader().setID(0x1234);
    if (opt != null) {
      m.addRecord(opt, Section.ADDITIONAL);
    }
    return m.toWire();
  }

  private static byte[] withEcs(byte[]... options) {
    return Packet.query(1, 0, 0, 1)
        .question("example.com")
        .opt(1232, 0, false, concat(options))
        .toBytes();
  }

  @Test
  void plainQueryParses() throws Exception {
    ParsedQuery p = parse(dnsjavaQuery("www.example.com.", Type.AAAA, null));
    assertThat(p.outcome()).isEqualTo(Outcome.QUERY);
    DnsQuery q = p.query();
    assertThat(q.id()).isEqualTo(0x1234);
    assertThat(q.opcode()).isZero();
    assertThat(q.recursionDesired()).isTrue();
    assertThat(q.checkingDisabled()).isFalse();
    assertThat(q.qname()).isEqualTo(Name.fromString("www.example.com."));
    assertThat(q.qtype()).isEqualTo(Type.AAAA);
    assertThat(q.qclass()).isEqualTo(DClass.IN);
    assertThat(q.edns()).isNull();
    assertThat(q.question()).hasSize(17 + 4);
  }

  @Test
  void queryPrintsReadably() throws Exception {
    String text = parse(dnsjavaQuery("www.example.com.", Type.AAAA, null)).query().toString();
    assertThat(text).contains("id=4660", "www.example.com. AAAA IN", "rd");
  }

  @Test
  void questionBytesKeepTheClientsCase() {
    byte[] packet = Packet.query(1, 0, 0, 0).question("wWw.ExAmPle.COM").toBytes();
    DnsQuery q = parse(packet).query();
    assertThat(q.question()).isEqualTo(Arrays.copyOfRange(packet, 12, packet.length));
    assertThat(q.qname().toString()).isEqualTo("wWw.ExAmPle.COM.");
  }

  @Test
  void checkingDisabledIsRead() {
    byte[] packet = Packet.header(0x1234, 0x0010, 1, 0, 0, 0).question("a.b").toBytes();
    DnsQuery q = parse(packet).query();
    assertThat(q.checkingDisabled()).isTrue();
    assertThat(q.recursionDesired()).isFalse();
  }

  @Test
  void shorterThanHeaderIsDropped() {
    for (int n = 0; n < 12; n++) {
      assertThat(parse(new byte[n]).outcome()).as("length %d", n).isEqualTo(Outcome.DROP);
    }
  }

  @Test
  void responseIsDropped() {
    byte[] packet = Packet.header(1, 0x8100, 1, 0, 0, 0).question("a.b").toBytes();
    assertThat(parse(packet).outcome()).isEqualTo(Outcome.DROP);
  }

  @Test
  void otherOpcodeIsNotimpWithTheQuestion() {
    byte[] packet =
        Packet.header(0x1234, Opcode.NOTIFY << 11, 1, 0, 0, 0).question("example.com").toBytes();
    ParsedQuery p = parse(packet);
    assertThat(p.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(p.rcode()).isEqualTo(ParsedQuery.NOTIMP);
    assertThat(p.query().opcode()).isEqualTo(Opcode.NOTIFY);
    assertThat(p.query().qname()).isEqualTo(Name.fromConstantString("example.com."));
    assertThat(p.query().question()).isNotNull();
  }

  @Test
  void otherOpcodeWithBrokenQuestionIsStillNotimp() {
    byte[] packet = Packet.header(0x1234, Opcode.UPDATE << 11, 1, 0, 0, 0).u8(5).toBytes();
    ParsedQuery p = parse(packet);
    assertThat(p.rcode()).isEqualTo(ParsedQuery.NOTIMP);
    assertThat(p.query().question()).isNull();
  }

  @Test
  void noQuestionIsFormerr() {
    ParsedQuery p = parse(Packet.query(0, 0, 0, 0).toBytes());
    assertFormerr(p);
    assertThat(p.query().question()).isNull();
  }

  @Test
  void twoQuestionsAreFormerr() {
    byte[] packet = Packet.query(2, 0, 0, 0).question("a.example").question("b.example").toBytes();
    ParsedQuery p = parse(packet);
    assertFormerr(p);
    assertThat(p.query().question()).isNull();
  }

  @Test
  void formerrStillCarriesTheEdnsItFound() {
    byte[] packet = Packet.query(0, 0, 0, 1).opt(4096, 0, true, new byte[0]).toBytes();
    ParsedQuery p = parse(packet);
    assertFormerr(p);
    assertThat(p.query().edns()).isEqualTo(new Edns(4096, 0, true, false, null));
  }

  @Test
  void truncatedQuestionIsFormerr() {
    byte[] whole = Packet.query(1, 0, 0, 0).question("www.example.com").toBytes();
    for (int n = 12; n < whole.length; n++) {
      ParsedQuery p = parse(Arrays.copyOf(whole, n));
      assertFormerr(p);
      assertThat(p.query().question()).as("length %d", n).isNull();
    }
  }

  @Test
  void labelLongerThan63IsFormerr() {
    assertFormerr(parse(Packet.query(1, 0, 0, 0).question("x".repeat(64) + ".com").toBytes()));
    assertThat(
            parse(Packet.query(1, 0, 0, 0).question("x".repeat(63) + ".com").toBytes()).outcome())
        .isEqualTo(Outcome.QUERY);
  }

  @Test
  void nameLongerThan255IsFormerr() {
    String l63 = "a".repeat(63);
    // 3 x 64 + 62 + root = 255 octets: the longest legal name.
    String longest = l63 + "." + l63 + "." + l63 + "." + "b".repeat(61);
    ParsedQuery ok = parse(Packet.query(1, 0, 0, 0).question(longest).toBytes());
    assertThat(ok.outcome()).isEqualTo(Outcome.QUERY);
    assertThat((int) ok.query().qname().length()).isEqualTo(255);
    assertFormerr(parse(Packet.query(1, 0, 0, 0).question(longest + "b").toBytes()));
  }

  @Test
  void extendedLabelTypesAreFormerr() {
    for (int type : new int[] {0x40, 0x80}) {
      byte[] packet = Packet.query(1, 0, 0, 0).u8(type | 1).u8('a').u8(0).u16(1).u16(1).toBytes();
      assertFormerr(parse(packet));
    }
  }

  @Test
  void pointerInTheQuestionIsFormerr() {
    byte[] packet = Packet.query(1, 0, 0, 0).u8(1).u8('a').pointer(12).u16(1).u16(1).toBytes();
    assertFormerr(parse(packet));
    assertFormerr(parse(Packet.query(1, 0, 0, 0).pointer(12).u16(1).u16(1).toBytes()));
  }

  @Test
  void backwardPointerInARecordIsAccepted() throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString("example.com."), Type.A, 1));
    m.addRecord(
        new ARecord(Name.fromString("www.example.com."), 1, 60, InetAddress.getByName("192.0.2.1")),
        Section.ANSWER);
    byte[] packet = m.toWire();
    // dnsjava compressed "example.com" in the answer's owner to a pointer at offset 12.
    assertThat(packet.length).isLessThan(12 + 17 + 4 + 17 + 14);
    assertThat(parse(packet).outcome()).isEqualTo(Outcome.QUERY);
  }

  @Test
  void pointerToItselfIsFormerr() {
    Packet p = Packet.query(1, 1, 0, 0).question("example.com");
    int at = p.size();
    byte[] packet = p.pointer(at).recordTail(Type.A, new byte[4]).toBytes();
    assertFormerr(parse(packet));
  }

  @Test
  void pointerLoopIsFormerr() {
    // Record 1's owner: label "a" at X, then a pointer to X (back into its own name).
    Packet p = Packet.query(1, 1, 0, 0).question("example.com");
    int x = p.size();
    byte[] packet = p.u8(1).u8('a').pointer(x).recordTail(Type.A, new byte[4]).toBytes();
    assertFormerr(parse(packet));
  }

  @Test
  void twoPointersToEachOtherAreFormerr() {
    // Record 1's RDATA holds a pointer to record 2's owner, which points back at the RDATA.
    Packet p = Packet.query(1, 2, 0, 0).question("example.com");
    int rdataAt = p.size() + 1 + 10;
    int secondOwnerAt = rdataAt + 2;
    byte[] packet =
        p.name("")
            .recordTail(Type.NULL, new byte[] {(byte) 0xC0, (byte) secondOwnerAt})
            .pointer(rdataAt)
            .recordTail(Type.A, new byte[4])
            .toBytes();
    // The second owner's pointer goes backwards; the one it reaches goes forwards.
    assertFormerr(parse(packet));
  }

  @Test
  void forwardPointerIsFormerr() {
    Packet p = Packet.query(1, 2, 0, 0).question("example.com");
    int firstAt = p.size();
    int secondAt = firstAt + 2 + 14;
    byte[] packet =
        p.pointer(secondAt)
            .recordTail(Type.A, new byte[4])
            .name("later.example")
            .recordTail(Type.A, new byte[4])
            .toBytes();
    assertFormerr(parse(packet));
  }

  @Test
  void pointerIntoTheHeaderIsFormerr() {
    byte[] packet =
        Packet.query(1, 1, 0, 0)
            .question("example.com")
            .pointer(4)
            .recordTail(Type.A, new byte[4])
            .toBytes();
    assertFormerr(parse(packet));
  }

  @Test
  void pointerChainLongerThanAnyLegalNameIsFormerr() {
    for (int chain : new int[] {10, QueryParser.MAX_POINTERS + 10}) {
      // Record 1: RDATA is a run of pointers, each to the one before; the first to the question.
      Packet p = Packet.query(1, 2, 0, 0).question("example.com");
      p.name("").u16(Type.NULL).u16(1).u32(0).u16(chain * 2);
      int start = p.size();
      p.pointer(12);
      for (int i = 1; i < chain; i++) {
        p.pointer(start + 2 * (i - 1));
      }
      byte[] packet = p.pointer(start + 2 * (chain - 1)).recordTail(Type.A, new byte[4]).toBytes();
      ParsedQuery parsed = parse(packet);
      if (chain > QueryParser.MAX_POINTERS) {
        assertFormerr(parsed);
      } else {
        assertThat(parsed.outcome()).isEqualTo(Outcome.QUERY);
      }
    }
  }

  @Test
  void countsThatClaimMoreRecordsThanBytesAreFormerr() {
    assertFormerr(parse(Packet.query(1, 1, 0, 0).question("example.com").toBytes()));
    assertFormerr(parse(Packet.query(1, 0, 3, 0).question("example.com").toBytes()));
    byte[] oneRecord =
        Packet.query(1, 0, 0, 5)
            .question("example.com")
            .name("x.example.com")
            .recordTail(Type.A, new byte[4])
            .toBytes();
    assertFormerr(parse(oneRecord));
  }

  @Test
  void rdlengthPastTheEndIsFormerr() {
    byte[] packet =
        Packet.query(1, 1, 0, 0)
            .question("example.com")
            .name("")
            .u16(Type.A)
            .u16(1)
            .u32(60)
            .u16(5)
            .raw(1, 2, 3, 4)
            .toBytes();
    assertFormerr(parse(packet));
  }

  @Test
  void trailingBytesAfterTheLastRecordAreIgnored() {
    byte[] packet = Packet.query(1, 0, 0, 0).question("example.com").raw(0xFF, 0xC0, 1).toBytes();
    assertThat(parse(packet).outcome()).isEqualTo(Outcome.QUERY);
  }

  @Test
  void parserReadsOnlyTheReadableBytes() throws Exception {
    byte[] packet = dnsjavaQuery("www.example.com.", Type.A, null);
    ByteBuf buf = Unpooled.buffer(packet.length + 20);
    try {
      buf.writeBytes(new byte[7]).writeBytes(packet).writeBytes(new byte[] {1, 1, 1});
      buf.readerIndex(7).writerIndex(7 + packet.length);
      ParsedQuery p = parser.parse(buf);
      assertThat(p.outcome()).isEqualTo(Outcome.QUERY);
      assertThat(p.query().qname()).isEqualTo(Name.fromString("www.example.com."));
      assertThat(buf.readerIndex()).isEqualTo(7);
    } finally {
      buf.release();
    }
  }

  @Test
  void ednsHeaderFieldsAreRead() throws Exception {
    OPTRecord opt = new OPTRecord(4096, 0, 0, ExtendedFlags.DO, List.of());
    Edns edns = parse(dnsjavaQuery("example.com.", Type.A, opt)).query().edns();
    assertThat(edns).isEqualTo(new Edns(4096, 0, true, false, null));
  }

  @Test
  void payloadBelow512IsKeptAsSent() throws Exception {
    OPTRecord opt = new OPTRecord(100, 0, 0);
    ParsedQuery p = parse(dnsjavaQuery("example.com.", Type.A, opt));
    assertThat(p.outcome()).isEqualTo(Outcome.QUERY);
    assertThat(p.query().edns().udpPayloadSize()).isEqualTo(100);
    assertThat(p.query().edns().dnssecOk()).isFalse();
  }

  @Test
  void twoOptRecordsAreFormerr() {
    byte[] packet =
        Packet.query(1, 0, 0, 2)
            .question("example.com")
            .opt(1232, 0, false, new byte[0])
            .opt(1232, 0, false, new byte[0])
            .toBytes();
    assertFormerr(parse(packet));
  }

  @Test
  void optWithANonRootOwnerIsFormerr() {
    byte[] packet =
        Packet.query(1, 0, 0, 1)
            .question("example.com")
            .name("example.com")
            .u16(41)
            .u16(1232)
            .u32(0)
            .u16(0)
            .toBytes();
    ParsedQuery p = parse(packet);
    assertFormerr(p);
    assertThat(p.query().edns()).isNull();
  }

  @Test
  void optOutsideTheAdditionalSectionIsIgnored() {
    byte[] packet =
        Packet.query(1, 1, 0, 0).question("example.com").opt(1232, 0, true, new byte[0]).toBytes();
    ParsedQuery p = parse(packet);
    assertThat(p.outcome()).isEqualTo(Outcome.QUERY);
    assertThat(p.query().edns()).isNull();
  }

  @Test
  void ednsVersionAboveZeroIsBadvers() throws Exception {
    OPTRecord opt = new OPTRecord(1400, 0, 1, ExtendedFlags.DO, List.of());
    ParsedQuery p = parse(dnsjavaQuery("example.com.", Type.A, opt));
    assertThat(p.outcome()).isEqualTo(Outcome.ERROR);
    assertThat(p.rcode()).isEqualTo(ParsedQuery.BADVERS);
    assertThat(p.query().edns()).isEqualTo(new Edns(1400, 1, true, false, null));
    assertThat(p.query().qname()).isEqualTo(Name.fromString("example.com."));
  }

  @Test
  void emptyNsidOptionRequestsNsid() throws Exception {
    OPTRecord opt = new OPTRecord(1232, 0, 0, 0, List.of(new NSIDOption(new byte[0])));
    assertThat(parse(dnsjavaQuery("example.com.", Type.A, opt)).query().edns().nsidRequested())
        .isTrue();
    assertThat(parse(withEcs(option(3, 'x'))).query().edns().nsidRequested()).isFalse();
  }

  @Test
  void unknownOptionsAreIgnored() {
    byte[] cookie = option(10, 1, 2, 3, 4, 5, 6, 7, 8);
    ParsedQuery p = parse(withEcs(cookie, option(65001)));
    assertThat(p.outcome()).isEqualTo(Outcome.QUERY);
    assertThat(p.query().edns()).isEqualTo(new Edns(1232, 0, false, false, null));
  }

  @Test
  void optionOverrunningTheRdataIsFormerr() {
    byte[] overrun = Packet.concat(option(10, 1, 2, 3, 4), new byte[0]);
    overrun[3] = 9; // claims 9 data bytes, has 4
    assertFormerr(parse(withEcs(overrun)));
    assertFormerr(parse(withEcs(new byte[] {0, 10, 0}))); // shorter than an option header
  }

  @Test
  void ipv4ClientSubnetIsRead() throws Exception {
    OPTRecord opt =
        new OPTRecord(
            1232,
            0,
            0,
            0,
            List.of(new ClientSubnetOption(24, InetAddress.getByName("198.51.100.0"))));
    ParsedQuery p = parse(dnsjavaQuery("example.com.", Type.A, opt));
    assertThat(p.outcome()).isEqualTo(Outcome.QUERY);
    ClientSubnet ecs = p.query().clientSubnet();
    assertThat(ecs).isEqualTo(new ClientSubnet(1, 24, 0, InetAddress.getByName("198.51.100.0")));
    assertThat(ecs.client()).isEqualTo(new Client(InetAddress.getByName("198.51.100.0"), 24, true));
    assertThat(p.query().client(InetAddress.getByName("192.0.2.53"))).isEqualTo(ecs.client());
  }

  @Test
  void ipv6ClientSubnetIsPaddedToSixteenOctets() throws Exception {
    ParsedQuery p = parse(withEcs(ecs(2, 56, 0, 0x20, 0x01, 0x0d, 0xb8, 0x12, 0x34, 0x56)));
    ClientSubnet ecs = p.query().clientSubnet();
    assertThat(ecs.address()).isEqualTo(InetAddress.getByName("2001:db8:1234:5600::"));
    assertThat(ecs.client().sourcePrefix()).isEqualTo(56);
  }

  @Test
  void ipv4MappedIpv6SubnetStaysIpv6() throws Exception {
    int[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 198, 51, 100};
    ClientSubnet ecs = parse(withEcs(ecs(2, 120, 0, mapped))).query().clientSubnet();
    assertThat(ecs.address()).isInstanceOf(Inet6Address.class);
    assertThat(ecs.client().sourcePrefix()).isEqualTo(120);
  }

  @Test
  void zeroSourcePrefixHasNoClientOfItsOwn() throws Exception {
    ParsedQuery p = parse(withEcs(ecs(1, 0, 0)));
    assertThat(p.outcome()).isEqualTo(Outcome.QUERY);
    assertThat(p.query().clientSubnet().client()).isNull();
    InetAddress source = InetAddress.getByName("192.0.2.53");
    assertThat(p.query().client(source)).isEqualTo(Client.of(source));
  }

  @Test
  void clientSubnetWithAnUnknownFamilyIsFormerr() {
    assertFormerr(parse(withEcs(ecs(3, 8, 0, 10))));
    assertFormerr(parse(withEcs(ecs(0, 0, 0))));
  }

  @Test
  void clientSubnetPrefixLongerThanTheFamilyIsFormerr() {
    assertFormerr(parse(withEcs(ecs(1, 33, 0, 1, 2, 3, 4, 5))));
    int[] seventeen = new int[17];
    assertFormerr(parse(withEcs(ecs(2, 129, 0, seventeen))));
  }

  @Test
  void clientSubnetWithTooManyOrTooFewOctetsIsFormerr() {
    assertFormerr(parse(withEcs(ecs(1, 24, 0, 10, 0, 0, 0))));
    assertFormerr(parse(withEcs(ecs(1, 24, 0, 10, 0))));
    assertFormerr(parse(withEcs(ecs(1, 0, 0, 0))));
    assertFormerr(parse(withEcs(option(8, 0, 1, 24)))); // shorter than family + prefixes
  }

  @Test
  void clientSubnetWithBitsBeyondThePrefixIsFormerr() {
    assertFormerr(parse(withEcs(ecs(1, 20, 0, 10, 1, 0x08))));
    assertThat(parse(withEcs(ecs(1, 20, 0, 10, 1, 0xF0))).outcome()).isEqualTo(Outcome.QUERY);
    assertFormerr(parse(withEcs(ecs(1, 31, 0, 10, 1, 2, 1))));
  }

  @Test
  void clientSubnetWithANonzeroScopeIsFormerr() {
    ParsedQuery p = parse(withEcs(ecs(1, 24, 16, 10, 1, 2)));
    assertFormerr(p);
    assertThat(p.query().edns()).isEqualTo(new Edns(1232, 0, false, false, null));
  }

  @Test
  void twoClientSubnetOptionsAreFormerr() {
    assertFormerr(parse(withEcs(ecs(1, 24, 0, 10, 1, 2), ecs(1, 16, 0, 10, 1))));
  }

  @Test
  void flagsOfADnsjavaQueryRoundTrip() throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString("a.example."), Type.MX, 1));
    m.getHeader().unsetFlag(Flags.RD);
    m.getHeader().setFlag(Flags.CD);
    DnsQuery q = parse(m.toWire()).query();
    assertThat(q.recursionDesired()).isFalse();
    assertThat(q.checkingDisabled()).isTrue();
    assertThat(q.qtype()).isEqualTo(Type.MX);
  }
}
