package dev.tierkit.dns.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierkit.common.testing.CodecTest;
import dev.tierkit.dns.wire.ParsedQuery.Outcome;
import dev.tierkit.dns.zone.Answer;
import dev.tierkit.dns.zone.WireRecord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

@CodecTest
class ResponseWriterTest {
  private static final byte[] NSID = "ns1.fra".getBytes(StandardCharsets.US_ASCII);

  private final QueryParser parser = new QueryParser();
  private final ResponseWriter writer = new ResponseWriter();

  // ---- helpers ----

  private static Name name(String s) {
    return Name.fromConstantString(s);
  }

  private static WireRecord a(String owner, String address) throws Exception {
    return WireRecord.of(new ARecord(name(owner), DClass.IN, 300, InetAddress.getByName(address)));
  }

  private static WireRecord txt(String owner, int length) {
    return WireRecord.of(new TXTRecord(name(owner), DClass.IN, 300, "x".repeat(length)));
  }

  private static Answer answer(List<WireRecord> answer) {
    return new Answer(0, true, answer, List.of(), List.of(), 0, 0);
  }

  private DnsQuery query(String qname, int type, OPTRecord opt) throws Exception {
    Message m = Message.newQuery(Record.newRecord(Name.fromString(qname), type, DClass.IN));
    m.getHeader().setID(0xBEEF);
    if (opt != null) {
      m.addRecord(opt, Section.ADDITIONAL);
    }
    return parse(m.toWire()).query();
  }

  private ParsedQuery parse(byte[] packet) {
    ByteBuf buf = Unpooled.wrappedBuffer(packet);
    try {
      return parser.parse(buf);
    } finally {
      buf.release();
    }
  }

  /** The bytes written, with the TC result checked against the header. */
  private static byte[] write(ResponseWriter w, DnsQuery q, Answer a, int maxSize) {
    ByteBuf out = Unpooled.buffer();
    try {
      boolean truncated = w.write(out, q, a, maxSize);
      byte[] bytes = ByteBufUtil.getBytes(out);
      assertThat(bytes.length).isLessThanOrEqualTo(maxSize);
      assertThat((bytes[2] & 0x02) != 0).isEqualTo(truncated);
      return bytes;
    } finally {
      out.release();
    }
  }

  private byte[] write(DnsQuery q, Answer a, int maxSize) {
    return write(writer, q, a, maxSize);
  }

  private byte[] writeError(ParsedQuery p) {
    ByteBuf out = Unpooled.buffer();
    try {
      writer.writeError(out, p, 512);
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  private static List<Record> section(Message m, int section) {
    return m.getSection(section);
  }

  // ---- header and question ----

  @Test
  void headerEchoesTheQueryAndCarriesTheAnswersFlags() throws Exception {
    Message q = Message.newQuery(Record.newRecord(name("example.com."), Type.A, DClass.IN));
    q.getHeader().setID(0x4242);
    q.getHeader().setFlag(Flags.CD);
    DnsQuery query = parse(q.toWire()).query();
    Message m = new Message(write(query, answer(List.of(a("example.com.", "192.0.2.1"))), 512));
    assertThat(m.getHeader().getID()).isEqualTo(0x4242);
    assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.CD)).isTrue();
    assertThat(m.getHeader().getFlag(Flags.RA)).isFalse();
    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(m.getHeader().getOpcode()).isEqualTo(Opcode.QUERY);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getQuestion().getName()).isEqualTo(name("example.com."));
  }

  @Test
  void nxdomainWithSoaIsNotAuthoritativeWhenTheAnswerIsNot() throws Exception {
    WireRecord soa = soa("example.com.");
    Answer nx = new Answer(Rcode.NXDOMAIN, false, List.of(), List.of(soa), List.of(), 0, 0);
    Message m = new Message(write(query("nope.example.com.", Type.A, null), nx, 512));
    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
    assertThat(section(m, Section.AUTHORITY)).containsExactly(soaRecord("example.com."));
  }

  @Test
  void questionIsEchoedByteForByteSoTheClientsCaseComesBack() throws Exception {
    byte[] packet = Packet.query(1, 0, 0, 0).question("wWw.ExAmple.CoM").toBytes();
    DnsQuery q = parse(packet).query();
    byte[] reply = write(q, answer(List.of(a("www.example.com.", "192.0.2.1"))), 512);
    assertThat(Arrays.copyOfRange(reply, 12, packet.length)).isEqualTo(q.question());
    Message m = new Message(reply);
    assertThat(section(m, Section.ANSWER).get(0).getName().toString())
        .isEqualTo("wWw.ExAmple.CoM.");
  }

  // ---- compression ----

  @Test
  void ownersEqualToTheQueryNamePointAtTheQuestion() throws Exception {
    DnsQuery q = query("www.example.com.", Type.A, null);
    List<WireRecord> records =
        List.of(
            a("www.example.com.", "192.0.2.1"),
            a("www.example.com.", "192.0.2.2"),
            a("www.example.com.", "192.0.2.3"));
    byte[] reply = write(q, answer(records), 512);
    // Header, question (17 + 4), then three records of pointer + 10 + 4.
    assertThat(reply).hasSize(12 + 21 + 3 * 16);
    int first = 12 + 21;
    assertThat(reply[first] & 0xFF).isEqualTo(0xC0);
    assertThat(reply[first + 1] & 0xFF).isEqualTo(12);
    Message m = new Message(reply);
    assertThat(section(m, Section.ANSWER))
        .extracting(r -> ((ARecord) r).getAddress().getHostAddress())
        .containsExactly("192.0.2.1", "192.0.2.2", "192.0.2.3");
  }

  @Test
  void suffixesOfEarlierNamesAreReused() throws Exception {
    DnsQuery q = query("www.example.com.", Type.A, null);
    byte[] reply = write(q, answer(List.of(a("mail.Example.com.", "192.0.2.9"))), 512);
    int owner = 12 + 21;
    // "mail" then a pointer to "example.com" inside the question (offset 12 + 4).
    assertThat(reply[owner]).isEqualTo((byte) 4);
    assertThat(reply[owner + 5] & 0xFF).isEqualTo(0xC0);
    assertThat(reply[owner + 6] & 0xFF).isEqualTo(16);
    assertThat(reply).hasSize(owner + 7 + 10 + 4);
    assertThat(new Message(reply).getSection(Section.ANSWER).get(0).getName().toString())
        .isEqualTo("mail.example.com.");
  }

  @Test
  void namesInsideCompressibleRdataArePointers() throws Exception {
    DnsQuery q = query("example.com.", Type.MX, null);
    List<WireRecord> records =
        List.of(
            WireRecord.of(new MXRecord(name("example.com."), 1, 300, 10, name("mx.example.com."))),
            WireRecord.of(new MXRecord(name("example.com."), 1, 300, 20, name("mx.example.com."))));
    byte[] reply = write(q, answer(records), 512);
    // 1st: pointer owner, 10, RDATA 2 + ("mx" + pointer) = 7; 2nd: pointer owner, 10, 2 + pointer.
    assertThat(reply).hasSize(12 + 17 + (2 + 10 + 7) + (2 + 10 + 4));
    int secondTarget = reply.length - 2;
    assertThat(reply[secondTarget] & 0xFF).isEqualTo(0xC0);
    assertThat(reply[secondTarget + 1] & 0xFF).isEqualTo(12 + 17 + 2 + 10 + 2);
    Message m = new Message(reply);
    assertThat(section(m, Section.ANSWER)).containsExactlyElementsOf(records(records));
  }

  @Test
  void everyCompressibleTypeRoundTrips() throws Exception {
    DnsQuery q = query("example.com.", Type.ANY, null);
    List<WireRecord> records =
        List.of(
            WireRecord.of(new NSRecord(name("example.com."), 1, 300, name("ns1.example.com."))),
            WireRecord.of(
                new CNAMERecord(name("www.example.com."), 1, 300, name("web.example.net."))),
            WireRecord.of(
                new PTRRecord(name("1.2.0.192.in-addr.arpa."), 1, 300, name("www.example.net."))),
            soa("example.com."),
            WireRecord.of(new MXRecord(name("example.com."), 1, 300, 5, name("example.com."))));
    Message m = new Message(write(q, answer(records), 512));
    assertThat(section(m, Section.ANSWER)).containsExactlyElementsOf(records(records));
  }

  @Test
  void namesInsideOtherRdataAreCopiedAsIs() throws Exception {
    DnsQuery q = query("_sip._udp.example.com.", Type.SRV, null);
    WireRecord srv =
        WireRecord.of(
            new SRVRecord(
                name("_sip._udp.example.com."),
                1,
                300,
                0,
                5,
                5060,
                name("_sip._udp.example.com.")));
    byte[] reply = write(q, answer(List.of(srv)), 512);
    int rdataAt = 12 + 27 + 2 + 10;
    // SRV RDATA is 6 bytes then the target, uncompressed (RFC 3597 section 4).
    assertThat(Arrays.copyOfRange(reply, rdataAt, reply.length)).isEqualTo(srv.rdata());
    assertThat(new Message(reply).getSection(Section.ANSWER)).containsExactly(record(srv));
  }

  @Test
  void malformedNameInsideRdataIsCopiedAsIs() throws Exception {
    DnsQuery q = query("example.com.", Type.NS, null);
    byte[] broken = {5, 'a', 'b'}; // a label that runs past the RDATA
    WireRecord ns = new WireRecord(name("example.com."), Type.NS, DClass.IN, 300, broken);
    byte[] reply = write(q, answer(List.of(ns)), 512);
    assertThat(Arrays.copyOfRange(reply, reply.length - 3, reply.length)).isEqualTo(broken);
    assertThat(reply[reply.length - 4]).isEqualTo((byte) 3); // RDLENGTH
  }

  @Test
  void cnameTargetIsPointedAtByTheRecordItNames() throws Exception {
    DnsQuery q = query("www.example.com.", Type.A, null);
    List<WireRecord> chain =
        List.of(
            WireRecord.of(
                new CNAMERecord(name("www.example.com."), 1, 300, name("edge.cdn.example.net."))),
            a("edge.cdn.example.net.", "192.0.2.7"));
    byte[] reply = write(q, answer(chain), 512);
    int cnameRdata = 12 + 21 + 2 + 10;
    // The A record's owner is a pointer to the CNAME's RDATA.
    assertThat(Arrays.copyOfRange(reply, reply.length - 16, reply.length - 14))
        .containsExactly(0xC0, cnameRdata);
    assertThat(section(new Message(reply), Section.ANSWER))
        .containsExactlyElementsOf(records(chain));
  }

  @Test
  void authorityThatDoesNotFitSetsTc() throws Exception {
    DnsQuery q = query("nope.example.com.", Type.A, null);
    List<WireRecord> authority = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      authority.add(txt("example.com.", 200));
    }
    Answer a = new Answer(3, true, List.of(), authority, List.of(), 0, 0);
    Message m = new Message(write(q, a, 512));
    assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(m.getHeader().getCount(Section.AUTHORITY)).isZero();
  }

  @Test
  void compressionStaysCorrectWhenTheTableIsFull() throws Exception {
    DnsQuery q = query("example.com.", Type.A, null);
    List<WireRecord> records = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      records.add(a("host" + i + ".zone" + (i % 7) + ".example.com.", "192.0.2." + (i % 250)));
    }
    Message m = new Message(write(q, answer(records), 65535));
    assertThat(section(m, Section.ANSWER)).containsExactlyElementsOf(records(records));
  }

  @Test
  void namesPastOffset0x4000AreNeverPointedAt() throws Exception {
    DnsQuery q = query("example.com.", Type.TXT, null);
    List<WireRecord> records = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      records.add(txt("big.example.com.", 250));
    }
    for (int i = 0; i < 40; i++) {
      // First written beyond 16 KiB, then repeated: must be written out in full again.
      records.add(txt("late" + (i % 4) + ".example.org.", 10));
    }
    byte[] reply = write(q, answer(records), 65535);
    assertThat(reply.length).isGreaterThan(0x4000);
    Message m = new Message(reply);
    assertThat(section(m, Section.ANSWER)).containsExactlyElementsOf(records(records));
  }

  @Test
  void pointersAreRelativeToTheMessageNotTheBuffer() throws Exception {
    DnsQuery q = query("www.example.com.", Type.A, null);
    ByteBuf out = Unpooled.buffer();
    try {
      out.writeShort(0); // a TCP length prefix
      writer.write(out, q, answer(List.of(a("www.example.com.", "192.0.2.1"))), 65535);
      out.setShort(0, out.readableBytes() - 2);
      out.skipBytes(2);
      Message m = new Message(ByteBufUtil.getBytes(out));
      assertThat(section(m, Section.ANSWER).get(0).getName()).isEqualTo(name("www.example.com."));
    } finally {
      out.release();
    }
  }

  // ---- truncation ----

  @Test
  void answerOver512BytesWithoutEdnsIsTruncatedToTheQuestion() throws Exception {
    DnsQuery q = query("www.example.com.", Type.A, null);
    assertThat(writer.udpLimit(q)).isEqualTo(512);
    List<WireRecord> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      records.add(a("www.example.com.", "192.0.2." + i));
    }
    byte[] reply = write(q, answer(records), writer.udpLimit(q));
    assertThat(reply).hasSize(12 + 21);
    Message m = new Message(reply);
    assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(m.getHeader().getCount(Section.QUESTION)).isEqualTo(1);
    assertThat(m.getHeader().getCount(Section.ANSWER)).isZero();
    assertThat(m.getHeader().getCount(Section.AUTHORITY)).isZero();
    assertThat(m.getHeader().getCount(Section.ADDITIONAL)).isZero();
  }

  @Test
  void exactlyFullMessageIsNotTruncated() throws Exception {
    DnsQuery q = query("www.example.com.", Type.A, null);
    List<WireRecord> records = new ArrayList<>();
    // 12 + 21 + 29 x 16 = 497; one TXT of 512 - 497 = 15 bytes: pointer + 10 + 3 ("x" x 2).
    for (int i = 0; i < 29; i++) {
      records.add(a("www.example.com.", "192.0.2." + i));
    }
    records.add(txt("www.example.com.", 2));
    byte[] reply = write(q, answer(records), 512);
    assertThat(reply).hasSize(512);
    records.add(a("www.example.com.", "192.0.2.200"));
    assertThat(write(q, answer(records), 512)).hasSize(33);
  }

  @Test
  void udpLimitHonoursTheRequestorAndTheCap() throws Exception {
    assertThat(writer.udpLimit(query("a.", Type.A, new OPTRecord(4096, 0, 0)))).isEqualTo(1232);
    assertThat(writer.udpLimit(query("a.", Type.A, new OPTRecord(1000, 0, 0)))).isEqualTo(1000);
    assertThat(writer.udpLimit(query("a.", Type.A, new OPTRecord(100, 0, 0)))).isEqualTo(512);
    assertThat(writer.udpLimit(query("a.", Type.A, new OPTRecord(4096, 0, 0)), 4000))
        .isEqualTo(4000);
    assertThat(writer.udpLimit(query("a.", Type.A, null), 4000)).isEqualTo(512);
  }

  @Test
  void ednsPayloadLetsALargerAnswerThrough() throws Exception {
    List<WireRecord> records = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      records.add(a("www.example.com.", "192.0.2." + i));
    }
    DnsQuery plain = query("www.example.com.", Type.A, null);
    DnsQuery edns = query("www.example.com.", Type.A, new OPTRecord(1232, 0, 0));
    assertThat(
            new Message(write(plain, answer(records), writer.udpLimit(plain)))
                .getHeader()
                .getFlag(Flags.TC))
        .isTrue();
    Message m = new Message(write(edns, answer(records), writer.udpLimit(edns)));
    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(section(m, Section.ANSWER)).hasSize(50);
    assertThat(m.getOPT()).isNotNull();
  }

  @Test
  void optIsCountedInTheLimit() throws Exception {
    DnsQuery q = query("www.example.com.", Type.A, new OPTRecord(512, 0, 0));
    List<WireRecord> records = new ArrayList<>();
    // 12 + 21 + 29 x 16 = 497 plus the OPT's 11 would be 508; one more record would be 524.
    for (int i = 0; i < 30; i++) {
      records.add(a("www.example.com.", "192.0.2." + i));
    }
    byte[] reply = write(q, answer(records), writer.udpLimit(q));
    Message m = new Message(reply);
    assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(reply).hasSize(12 + 21 + 11);
    assertThat(m.getOPT()).isNotNull();
    assertThat(write(q, answer(records.subList(0, 29)), 512)).hasSize(508);
  }

  @Test
  void optionalAdditionalRecordsThatDoNotFitAreDroppedWithoutTc() throws Exception {
    DnsQuery q = query("example.com.", Type.NS, null);
    List<WireRecord> ns = new ArrayList<>();
    List<WireRecord> glue = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ns.add(
          WireRecord.of(
              new NSRecord(name("example.com."), 1, 300, name("ns" + i + ".example.net."))));
      glue.add(txt("ns" + i + ".example.net.", 40));
    }
    Answer a = new Answer(0, true, ns, List.of(), glue, 0, 0);
    Message m = new Message(write(q, a, 512));
    assertThat(m.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(section(m, Section.ANSWER)).hasSize(8);
    int kept = section(m, Section.ADDITIONAL).size();
    assertThat(kept).isBetween(1, 7);
    assertThat(section(m, Section.ADDITIONAL))
        .containsExactlyElementsOf(records(glue.subList(0, kept)));
  }

  @Test
  void requiredAdditionalRecordThatDoesNotFitSetsTc() throws Exception {
    DnsQuery q = query("www.sub.example.com.", Type.A, new OPTRecord(1232, 0, 0));
    List<WireRecord> ns = new ArrayList<>();
    List<WireRecord> glue = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      ns.add(
          WireRecord.of(
              new NSRecord(
                  name("sub.example.com."), 1, 300, name("ns" + i + ".sub.example.com."))));
      glue.add(txt("ns" + i + ".sub.example.com.", 40));
    }
    Answer referral = new Answer(0, false, List.of(), ns, glue, 8, 0);
    byte[] reply = write(q, referral, 512);
    Message m = new Message(reply);
    assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(m.getHeader().getCount(Section.AUTHORITY)).isZero();
    assertThat(m.getHeader().getCount(Section.ADDITIONAL)).isEqualTo(1); // the OPT
    assertThat(write(q, referral, 1232)).hasSizeGreaterThan(512);
  }

  @Test
  void truncatedReplyKeepsTheOptAndItsOptions() throws Exception {
    ResponseWriter w = new ResponseWriter(1232, NSID);
    OPTRecord opt =
        new OPTRecord(
            512,
            0,
            0,
            0,
            List.of(
                new NSIDOption(new byte[0]),
                new ClientSubnetOption(24, InetAddress.getByName("198.51.100.0"))));
    DnsQuery q = query("www.example.com.", Type.TXT, opt);
    Answer big =
        new Answer(
            0,
            true,
            List.of(txt("www.example.com.", 255), txt("www.example.com.", 255)),
            List.of(),
            List.of(),
            0,
            20);
    Message m = new Message(write(w, q, big, w.udpLimit(q)));
    assertThat(m.getHeader().getFlag(Flags.TC)).isTrue();
    assertThat(m.getOPT().getOptions(EDNSOption.Code.NSID)).hasSize(1);
    ClientSubnetOption ecs =
        (ClientSubnetOption) m.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
    assertThat(ecs.getScopePrefixLength()).isEqualTo(20);
  }

  // ---- OPT, NSID, ECS ----

  @Test
  void optCarriesOurPayloadAndEchoesDo() throws Exception {
    DnsQuery q = query("example.com.", Type.A, new OPTRecord(4096, 0, 0, ExtendedFlags.DO));
    Message m = new Message(write(q, answer(List.of(a("example.com.", "192.0.2.1"))), 1232));
    OPTRecord opt = m.getOPT();
    assertThat(opt.getName()).isEqualTo(Name.root);
    assertThat(opt.getPayloadSize()).isEqualTo(1232);
    assertThat(opt.getVersion()).isZero();
    assertThat(opt.getExtendedRcode()).isZero();
    assertThat(opt.getFlags() & ExtendedFlags.DO).isEqualTo(ExtendedFlags.DO);
    assertThat(opt.getOptions()).isEmpty();
    assertThat(m.getHeader().getCount(Section.ADDITIONAL)).isEqualTo(1);

    DnsQuery noDo = query("example.com.", Type.A, new OPTRecord(4096, 0, 0));
    assertThat(new Message(write(noDo, answer(List.of()), 1232)).getOPT().getFlags()).isZero();
  }

  @Test
  void noOptWithoutEdnsInTheQuery() throws Exception {
    Message m = new Message(write(query("example.com.", Type.A, null), answer(List.of()), 512));
    assertThat(m.getOPT()).isNull();
    assertThat(m.getHeader().getCount(Section.ADDITIONAL)).isZero();
  }

  @Test
  void extendedRcodeGoesIntoTheOpt() throws Exception {
    DnsQuery q = query("example.com.", Type.A, new OPTRecord(1232, 0, 0));
    int badCookie = 23;
    Message m = new Message(write(q, Answer.empty(badCookie), 512));
    assertThat(m.getHeader().getRcode()).isEqualTo(badCookie & 0xF);
    assertThat(m.getOPT().getExtendedRcode()).isEqualTo(badCookie >>> 4);
    assertThat(m.getRcode()).isEqualTo(badCookie);
  }

  @Test
  void advertisedPayloadIsConfigurable() throws Exception {
    ResponseWriter w = new ResponseWriter(4000, null);
    DnsQuery q = query("example.com.", Type.A, new OPTRecord(4096, 0, 0));
    assertThat(w.udpLimit(q)).isEqualTo(4000);
    assertThat(new Message(write(w, q, answer(List.of()), 512)).getOPT().getPayloadSize())
        .isEqualTo(4000);
  }

  @Test
  void nsidIsSentOnlyWhenAskedForAndConfigured() throws Exception {
    ResponseWriter withNsid = new ResponseWriter(1232, NSID);
    OPTRecord asks = new OPTRecord(1232, 0, 0, 0, List.of(new NSIDOption(new byte[0])));
    DnsQuery asking = query("example.com.", Type.A, asks);
    DnsQuery silent = query("example.com.", Type.A, new OPTRecord(1232, 0, 0));

    List<EDNSOption> sent =
        new Message(write(withNsid, asking, answer(List.of()), 512))
            .getOPT()
            .getOptions(EDNSOption.Code.NSID);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0)).isEqualTo(new NSIDOption(NSID));

    assertThat(new Message(write(withNsid, silent, answer(List.of()), 512)).getOPT().getOptions())
        .isEmpty();
    assertThat(new Message(write(writer, asking, answer(List.of()), 512)).getOPT().getOptions())
        .isEmpty();
  }

  @Test
  void precomputedAnswerIsCopiedForTheSameNameInAnyCaseAndEncodedForOthers() throws Exception {
    Answer fresh =
        new Answer(
            0,
            true,
            List.of(a("www.example.com.", "192.0.2.1"), a("www.example.com.", "192.0.2.2")),
            List.of(),
            List.of(a("ns.example.com.", "192.0.2.53")),
            0,
            0);
    Answer shared = fresh.precompute();
    ResponseWriter cached = new ResponseWriter();
    for (String qname : List.of("www.example.com.", "WwW.ExAmPlE.CoM.", "www.example.com.")) {
      DnsQuery q = query(qname, Type.A, new OPTRecord(1232, 0, 0));
      byte[] expected = write(new ResponseWriter(), q, fresh, 1232);
      assertThat(write(cached, q, shared, 1232)).isEqualTo(expected);
    }
    // The same answer object for another name (a zone's NXDOMAIN serves many) is encoded anew.
    DnsQuery other = query("mail.example.com.", Type.A, null);
    assertThat(write(cached, other, shared, 512))
        .isEqualTo(write(new ResponseWriter(), other, fresh, 512));
    // A limit the kept sections do not fit truncates as usual.
    Answer big =
        new Answer(
                0,
                true,
                List.of(
                    txt("www.example.com.", 255),
                    txt("www.example.com.", 254),
                    txt("www.example.com.", 253)),
                List.of(),
                List.of(),
                0,
                0)
            .precompute();
    DnsQuery large = query("www.example.com.", Type.TXT, new OPTRecord(4096, 0, 0));
    assertThat(new Message(write(cached, large, big, 4096)).getHeader().getFlag(Flags.TC))
        .isFalse();
    DnsQuery small = query("www.example.com.", Type.TXT, null);
    assertThat(new Message(write(cached, small, big, 512)).getHeader().getFlag(Flags.TC)).isTrue();
  }

  @Test
  void refusedCarriesExtendedErrorNotAuthoritative() throws Exception {
    DnsQuery q = query("example.org.", Type.A, new OPTRecord(1232, 0, 0));
    Message reply = new Message(write(writer, q, Answer.empty(Rcode.REFUSED), 512));
    assertThat(reply.getRcode()).isEqualTo(Rcode.REFUSED);
    List<EDNSOption> ede = reply.getOPT().getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR);
    assertThat(ede).hasSize(1);
    assertThat(((org.xbill.DNS.ExtendedErrorCodeOption) ede.get(0)).getErrorCode()).isEqualTo(20);
    DnsQuery plain = query("example.org.", Type.A, null);
    assertThat(new Message(write(writer, plain, Answer.empty(Rcode.REFUSED), 512)).getOPT())
        .isNull();
  }

  @Test
  void clientSubnetIsEchoedWithTheAnswersScope() throws Exception {
    OPTRecord opt =
        new OPTRecord(
            1232,
            0,
            0,
            0,
            List.of(new ClientSubnetOption(22, InetAddress.getByName("198.51.100.0"))));
    DnsQuery q = query("www.example.com.", Type.A, opt);
    Answer a =
        new Answer(
            0, true, List.of(a("www.example.com.", "192.0.2.1")), List.of(), List.of(), 0, 16);
    byte[] reply = write(q, a, 1232);
    ClientSubnetOption ecs =
        (ClientSubnetOption)
            new Message(reply).getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
    assertThat(ecs.getFamily()).isEqualTo(1);
    assertThat(ecs.getSourcePrefixLength()).isEqualTo(22);
    assertThat(ecs.getScopePrefixLength()).isEqualTo(16);
    assertThat(ecs.getAddress()).isEqualTo(InetAddress.getByName("198.51.100.0"));
    // The address goes back in the ceil(22 / 8) = 3 octets it came in.
    byte[] tail = Arrays.copyOfRange(reply, reply.length - 11, reply.length);
    assertThat(tail).containsExactly(0, 8, 0, 7, 0, 1, 22, 16, 198, 51, 100);
  }

  @Test
  void clientSubnetScopeIsClampedToTheFamily() throws Exception {
    DnsQuery v4 =
        parse(
                Packet.query(1, 0, 0, 1)
                    .question("example.com")
                    .opt(1232, 0, false, Packet.ecs(1, 24, 0, 10, 1, 2))
                    .toBytes())
            .query();
    DnsQuery v6 =
        parse(
                Packet.query(1, 0, 0, 1)
                    .question("example.com")
                    .opt(1232, 0, false, Packet.ecs(2, 48, 0, 0x20, 1, 0xd, 0xb8, 0, 1))
                    .toBytes())
            .query();
    Answer wide = new Answer(0, true, List.of(), List.of(), List.of(), 0, 200);
    assertThat(scopeOf(write(v4, wide, 512))).isEqualTo(32);
    assertThat(scopeOf(write(v6, wide, 512))).isEqualTo(128);
    Answer narrow = new Answer(0, true, List.of(), List.of(), List.of(), 0, 56);
    assertThat(scopeOf(write(v6, narrow, 512))).isEqualTo(56);
  }

  @Test
  void zeroSourcePrefixGetsZeroScope() throws Exception {
    DnsQuery q =
        parse(
                Packet.query(1, 0, 0, 1)
                    .question("example.com")
                    .opt(1232, 0, false, Packet.ecs(1, 0, 0))
                    .toBytes())
            .query();
    Answer located = new Answer(0, true, List.of(), List.of(), List.of(), 0, 24);
    byte[] reply = write(q, located, 512);
    assertThat(scopeOf(reply)).isZero();
    assertThat(Arrays.copyOfRange(reply, reply.length - 8, reply.length))
        .containsExactly(0, 8, 0, 4, 0, 1, 0, 0);
  }

  private static int scopeOf(byte[] reply) throws Exception {
    ClientSubnetOption ecs =
        (ClientSubnetOption)
            new Message(reply).getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET).get(0);
    return ecs.getScopePrefixLength();
  }

  // ---- errors ----

  @Test
  void badversReplyHasRcodeZeroInTheHeaderAndOneInTheOpt() throws Exception {
    OPTRecord v1 = new OPTRecord(1232, 0, 1, ExtendedFlags.DO);
    Message q = Message.newQuery(Record.newRecord(name("example.com."), Type.A, DClass.IN));
    q.addRecord(v1, Section.ADDITIONAL);
    ParsedQuery p = parse(q.toWire());
    assertThat(p.rcode()).isEqualTo(ParsedQuery.BADVERS);
    Message m = new Message(writeError(p));
    assertThat(m.getHeader().getID()).isEqualTo(q.getHeader().getID());
    assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
    assertThat(m.getHeader().getRcode()).isZero();
    assertThat(m.getOPT().getExtendedRcode()).isEqualTo(1);
    assertThat(m.getOPT().getVersion()).isZero();
    assertThat(m.getOPT().getPayloadSize()).isEqualTo(1232);
    assertThat(m.getRcode()).isEqualTo(Rcode.BADVERS);
    assertThat(m.getQuestion().getName()).isEqualTo(name("example.com."));
  }

  @Test
  void badversWithoutParsedEdnsStillGetsAnOpt() {
    DnsQuery bare = new DnsQuery(7, 0, false, false, null, 0, 0, null, null);
    ParsedQuery p = new ParsedQuery(Outcome.ERROR, ParsedQuery.BADVERS, bare);
    byte[] reply = writeError(p);
    assertThat(reply).hasSize(12 + 11);
    assertThat(reply[3] & 0x0F).isZero();
    assertThat(reply[11]).isEqualTo((byte) 1);
    assertThat(reply[12 + 5]).isEqualTo((byte) 1);
  }

  @Test
  void formerrWithoutAQuestionIsJustTheHeader() throws Exception {
    ParsedQuery p = parse(Packet.query(0, 0, 0, 0).toBytes());
    byte[] reply = writeError(p);
    assertThat(reply).hasSize(12);
    Message m = new Message(reply);
    assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(m.getHeader().getID()).isEqualTo(0x1234);
    assertThat(m.getHeader().getFlag(Flags.RD)).isTrue();
    assertThat(m.getHeader().getCount(Section.QUESTION)).isZero();
  }

  @Test
  void formerrForBadEcsKeepsTheOptWithoutOptions() throws Exception {
    byte[] packet =
        Packet.query(1, 0, 0, 1)
            .question("example.com")
            .opt(1232, 0, true, Packet.ecs(1, 24, 8, 10, 0, 0))
            .toBytes();
    Message m = new Message(writeError(parse(packet)));
    assertThat(m.getRcode()).isEqualTo(Rcode.FORMERR);
    assertThat(m.getOPT().getOptions()).isEmpty();
    assertThat(m.getOPT().getFlags()).isEqualTo(ExtendedFlags.DO);
    assertThat(m.getQuestion().getName()).isEqualTo(name("example.com."));
  }

  @Test
  void notimpEchoesTheQuestionAndOpcode() throws Exception {
    byte[] packet =
        Packet.header(0x1234, Opcode.NOTIFY << 11, 1, 0, 0, 0).question("ExAmple.com").toBytes();
    byte[] reply = writeError(parse(packet));
    assertThat(Arrays.copyOfRange(reply, 12, reply.length))
        .isEqualTo(Arrays.copyOfRange(packet, 12, packet.length));
    Message m = new Message(reply);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOTIMP);
    assertThat(m.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
  }

  @Test
  void writeErrorRefusesAQueryOutcome() throws Exception {
    ParsedQuery ok = new ParsedQuery(Outcome.QUERY, 0, query("example.com.", Type.A, null));
    ByteBuf out = Unpooled.buffer();
    try {
      assertThatThrownBy(() -> writer.writeError(out, ok, 512))
          .isInstanceOf(IllegalArgumentException.class);
    } finally {
      out.release();
    }
  }

  @Test
  void configurationMistakesNameTheArgument() {
    assertThatThrownBy(() -> new ResponseWriter(511, null))
        .hasMessageContaining("advertisedUdpPayload");
    assertThatThrownBy(() -> new ResponseWriter(1232, new byte[129])).hasMessageContaining("nsid");
  }

  // ---- fixtures ----

  private static SOARecord soaRecord(String zone) {
    return new SOARecord(
        name(zone),
        1,
        300,
        name("ns1." + zone),
        name("hostmaster." + zone),
        2026120101L,
        3600,
        600,
        86400,
        300);
  }

  private static WireRecord soa(String zone) {
    return WireRecord.of(soaRecord(zone));
  }

  private static Record record(WireRecord r) throws Exception {
    return Record.newRecord(r.owner(), r.type(), r.dclass(), r.ttl(), r.rdata());
  }

  private static List<Record> records(List<WireRecord> rs) throws Exception {
    List<Record> out = new ArrayList<>();
    for (WireRecord r : rs) {
      out.add(record(r));
    }
    return out;
  }
}
