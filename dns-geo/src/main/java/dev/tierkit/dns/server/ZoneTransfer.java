package dev.tierkit.dns.server;

import dev.tierkit.dns.wire.DnsQuery;
import dev.tierkit.dns.wire.ResponseWriter;
import dev.tierkit.dns.zone.Answer;
import dev.tierkit.dns.zone.WireRecord;
import dev.tierkit.dns.zone.Zone;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * One AXFR (RFC 5936) of one zone over one TCP connection, written a message at a time so a large
 * zone streams under the connection's backpressure instead of filling memory: the SOA, every other
 * record, the SOA again, in messages of at most about {@value #MESSAGE_BUDGET} bytes, each echoing
 * the question. An IXFR is answered the same way, with the whole zone (RFC 1995 section 4 allows
 * that when no history is kept). Geo resources are not part of a transfer: they are not zone data
 * that another server could serve.
 */
final class ZoneTransfer {
  /** The uncompressed size a message's records may add up to; compression only shrinks it. */
  static final int MESSAGE_BUDGET = 16 * 1024;

  private final DnsQuery query;
  private final List<WireRecord> records;
  private int next;

  ZoneTransfer(DnsQuery query, Zone zone) {
    this.query = query;
    List<WireRecord> all = new ArrayList<>(zone.recordCount() + 1);
    all.add(zone.soa());
    zone.forEachName(
        (name, list) -> {
          for (WireRecord r : list) {
            if (r.type() != org.xbill.DNS.Type.SOA) {
              all.add(r);
            }
          }
        });
    all.add(zone.soa());
    this.records = all;
  }

  boolean hasNext() {
    return next < records.size();
  }

  /** The next message, framed with its two-byte TCP length. */
  ByteBuf nextMessage(ByteBufAllocator alloc, ResponseWriter writer) {
    int from = next;
    int size = 0;
    while (next < records.size()) {
      WireRecord r = records.get(next);
      int length = r.ownerWire().length + 10 + r.rdata().length;
      if (next > from && size + length > MESSAGE_BUDGET) {
        break;
      }
      size += length;
      next++;
    }
    Answer batch = new Answer(0, true, records.subList(from, next), List.of(), List.of(), 0, 0);
    ByteBuf out = alloc.ioBuffer(size + 512).writeZero(2);
    try {
      writer.write(out, query, batch, ResponseWriter.MAX_MESSAGE_SIZE - 2);
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
    out.setShort(0, out.readableBytes() - 2);
    return out;
  }
}
