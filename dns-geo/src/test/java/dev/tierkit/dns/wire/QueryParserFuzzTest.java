package dev.tierkit.dns.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.CodecTest;
import dev.tierkit.dns.wire.ParsedQuery.Outcome;
import dev.tierkit.dns.zone.Answer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSIDOption;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Random and mutated packets (fixed seed, so a failure replays): the parser never throws, never
 * reads past the packet (the buffer's capacity is its length, so a stray read would throw) and
 * never moves the buffer's indexes; whatever it answers, the writer can reply to, and dnsjava reads
 * that reply with the same id and rcode.
 */
@CodecTest
class QueryParserFuzzTest {
  private static final long SEED = 0x5EED_1035L;

  private final QueryParser parser = new QueryParser();
  private final ResponseWriter writer = new ResponseWriter(1232, new byte[] {'n', '1'});

  private static byte[] validQuery() throws Exception {
    Message m =
        Message.newQuery(Record.newRecord(Name.fromString("wWw.Example.COM."), Type.A, DClass.IN));
    m.addRecord(
        new ARecord(Name.fromString("www.example.com."), 1, 60, InetAddress.getByName("192.0.2.1")),
        Section.ANSWER);
    m.addRecord(
        new CNAMERecord(
            Name.fromString("alias.example.com."), 1, 60, Name.fromString("www.example.com.")),
        Section.AUTHORITY);
    m.addRecord(
        new OPTRecord(
            1232,
            0,
            0,
            0,
            List.of(
                new NSIDOption(new byte[0]),
                new ClientSubnetOption(24, InetAddress.getByName("198.51.100.0")))),
        Section.ADDITIONAL);
    return m.toWire();
  }

  private void check(byte[] packet) throws Exception {
    ByteBuf buf = Unpooled.wrappedBuffer(packet);
    ByteBuf out = Unpooled.buffer();
    try {
      ParsedQuery p = parser.parse(buf);
      assertThat(buf.readerIndex()).isZero();
      assertThat(buf.writerIndex()).isEqualTo(packet.length);
      assertThat(p).isNotNull();
      if (p.outcome() == Outcome.ERROR) {
        writer.writeError(out, p, 512);
      } else if (p.outcome() == Outcome.QUERY) {
        writer.write(out, p.query(), Answer.empty(0), writer.udpLimit(p.query()));
      }
      if (out.isReadable()) {
        assertThat(out.readableBytes()).isLessThanOrEqualTo(512);
        byte[] reply = new byte[out.readableBytes()];
        out.readBytes(reply);
        assertThat(reply[2] & 0x80).isNotZero();
        Message parsed = new Message(reply);
        assertThat(parsed.getHeader().getID()).isEqualTo(p.query().id());
        assertThat(parsed.getRcode()).isEqualTo(p.rcode());
      }
    } finally {
      buf.release();
      out.release();
    }
  }

  @Test
  void randomBytesNeverBreakTheParser() throws Exception {
    Random random = new Random(SEED);
    for (int i = 0; i < 5000; i++) {
      byte[] packet = new byte[random.nextInt(600)];
      random.nextBytes(packet);
      if (packet.length > 2 && random.nextBoolean()) {
        packet[2] &= 0x07; // a query with opcode 0 gets further than the header
      }
      check(packet);
    }
  }

  @Test
  void mutatedQueriesNeverBreakTheParser() throws Exception {
    byte[] valid = validQuery();
    check(valid);
    Random random = new Random(SEED + 1);
    for (int i = 0; i < 20000; i++) {
      byte[] packet = Arrays.copyOf(valid, valid.length);
      int mutations = 1 + random.nextInt(4);
      for (int m = 0; m < mutations; m++) {
        switch (random.nextInt(5)) {
          case 0 -> packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
          case 1 -> packet[random.nextInt(packet.length)] ^= (byte) (1 << random.nextInt(8));
          case 2 -> packet = Arrays.copyOf(packet, random.nextInt(packet.length + 1));
          case 3 -> {
            // A pointer somewhere: the likeliest way to build a loop.
            if (packet.length > 1) {
              int at = random.nextInt(packet.length - 1);
              int target = random.nextInt(Math.max(1, packet.length));
              packet[at] = (byte) (0xC0 | (target >>> 8));
              packet[at + 1] = (byte) target;
            }
          }
          default -> {
            byte[] longer = Arrays.copyOf(packet, packet.length + 1 + random.nextInt(8));
            packet = longer;
          }
        }
        if (packet.length == 0) {
          break;
        }
      }
      check(packet);
    }
  }
}
