package dev.tierkit.dns.server;

import dev.tierkit.common.net.AddressList;
import dev.tierkit.dns.wire.ClientSubnet;
import dev.tierkit.dns.wire.DnsQuery;
import dev.tierkit.dns.wire.ParsedQuery;
import dev.tierkit.dns.wire.QueryParser;
import dev.tierkit.dns.wire.ResponseWriter;
import dev.tierkit.dns.zone.Answer;
import dev.tierkit.dns.zone.Client;
import dev.tierkit.dns.zone.Zone;
import dev.tierkit.dns.zone.ZoneSet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetAddress;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * One query's way from bytes to response bytes, shared by the UDP and TCP listeners: parse, pick
 * the client's location (ECS when its source prefix is above 0, else the source address), look the
 * answer up in the current snapshot, rate-limit (UDP only), write.
 *
 * <p>Thread rule: called from every event loop at once. The parser is stateless; each event loop
 * thread has its own {@link ResponseWriter} (its compression table is reused per response). The
 * snapshot is read once per query, so a reload swaps between queries, never inside one.
 */
public final class QueryProcessor {
  private static final Logger log = LoggerFactory.getLogger(QueryProcessor.class);
  private static final int SERVFAIL = 2;
  private static final int TCP_MAX = 65535;

  private final Supplier<ZoneSet> zones;
  private final DnsMetrics metrics;
  private final RateLimiter limiter;
  private final int maxUdpPayload;
  private final AddressList allowTransfer;
  private final QueryParser parser = new QueryParser();
  private final FastThreadLocal<ResponseWriter> writers;

  QueryProcessor(
      Supplier<ZoneSet> zones,
      DnsMetrics metrics,
      RateLimiter limiter,
      int maxUdpPayload,
      byte[] nsid,
      AddressList allowTransfer) {
    this.zones = zones;
    this.metrics = metrics;
    this.limiter = limiter;
    this.maxUdpPayload = maxUdpPayload;
    this.allowTransfer = allowTransfer;
    this.writers =
        new FastThreadLocal<>() {
          @Override
          protected ResponseWriter initialValue() {
            return new ResponseWriter(maxUdpPayload, nsid);
          }
        };
  }

  /**
   * Answers one UDP query datagram.
   *
   * @return the response datagram's payload, owned by the caller, or null when nothing is to be
   *     sent
   */
  ByteBuf answerUdp(ByteBufAllocator alloc, ByteBuf message, InetAddress source) {
    return answer(alloc, message, source, false, 0, null);
  }

  /**
   * Answers one TCP query message: the response comes with its two-byte length prefix (RFC 1035
   * section 4.2.2), in one buffer.
   *
   * <p>An AXFR or IXFR from an address {@code --allow-transfer} names, for a zone we serve, is not
   * answered here: the transfer is handed to {@code transfers} and null returned.
   *
   * @return the framed response, owned by the caller, or null when nothing is to be sent
   */
  ByteBuf answerTcp(
      ByteBufAllocator alloc,
      ByteBuf message,
      InetAddress source,
      Consumer<ZoneTransfer> transfers) {
    ByteBuf out = answer(alloc, message, source, true, 2, transfers);
    if (out != null) {
      out.setShort(0, out.readableBytes() - 2);
    }
    return out;
  }

  private ByteBuf answer(
      ByteBufAllocator alloc,
      ByteBuf message,
      InetAddress source,
      boolean tcp,
      int prefix,
      Consumer<ZoneTransfer> transfers) {
    long start = System.nanoTime();
    ParsedQuery parsed = parser.parse(message);
    ResponseWriter writer = writers.get();
    switch (parsed.outcome()) {
      case DROP -> {
        metrics.droppedMalformed.increment();
        return null;
      }
      case ERROR -> {
        DnsQuery q = parsed.query();
        int max = tcp ? TCP_MAX : writer.udpLimit(q, maxUdpPayload);
        ByteBuf out = alloc.ioBuffer(Math.min(max, 512)).writeZero(prefix);
        try {
          writer.writeError(out, parsed, max);
        } catch (RuntimeException e) {
          out.release();
          throw e;
        }
        metrics.response(parsed.rcode());
        metrics.latency.recordNanosSince(start);
        return out;
      }
      default -> {
        // QUERY, below.
      }
    }
    DnsQuery q = parsed.query();
    ClientSubnet ecs = q.edns() == null ? null : q.edns().ecs();
    if (ecs != null) {
      metrics.ecsQueries.increment();
    }
    Client client = q.client(source);
    if (transfers != null
        && (q.qtype() == Type.AXFR || q.qtype() == Type.IXFR)
        && allowTransfer.contains(source)) {
      Zone zone = zoneAt(zones.get(), q);
      if (zone != null) {
        metrics.transfers.increment();
        transfers.accept(new ZoneTransfer(q, zone));
        return null;
      }
    }
    Answer answer;
    try {
      answer = zones.get().lookup(q.qname(), q.qtype(), q.qclass(), client);
    } catch (RuntimeException e) {
      log.error("lookup of {} type {} failed; answering SERVFAIL", q.qname(), q.qtype(), e);
      answer = Answer.empty(SERVFAIL);
    }
    int max = tcp ? TCP_MAX : writer.udpLimit(q, maxUdpPayload);
    if (limiter != null && !tcp) {
      switch (limiter.check(source)) {
        case DROP -> {
          metrics.droppedRateLimited.increment();
          return null;
        }
        case TRUNCATE -> {
          metrics.slippedRateLimited.increment();
          ByteBuf out = alloc.ioBuffer(512);
          writer.writeTruncated(out, q, answer);
          metrics.truncated.increment();
          metrics.response(answer.rcode());
          return out;
        }
        case SEND -> {
          // below
        }
      }
    }
    ByteBuf out = alloc.ioBuffer(Math.min(max, 1024)).writeZero(prefix);
    try {
      if (writer.write(out, q, answer, max)) {
        metrics.truncated.increment();
      }
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
    metrics.response(answer.rcode());
    metrics.latency.recordNanosSince(start);
    return out;
  }

  private static Zone zoneAt(ZoneSet set, DnsQuery q) {
    if (q.qclass() != DClass.IN) {
      return null;
    }
    for (Zone zone : set.zones()) {
      if (zone.origin().equals(q.qname())) {
        return zone;
      }
    }
    return null;
  }

  /** The writer of the calling event loop's thread. */
  ResponseWriter writer() {
    return writers.get();
  }
}
