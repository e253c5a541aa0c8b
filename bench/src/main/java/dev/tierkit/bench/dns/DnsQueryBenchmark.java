package dev.tierkit.bench.dns;

import dev.tierkit.dns.wire.DnsQuery;
import dev.tierkit.dns.wire.ParsedQuery;
import dev.tierkit.dns.wire.QueryParser;
import dev.tierkit.dns.wire.ResponseWriter;
import dev.tierkit.dns.zone.Answer;
import dev.tierkit.dns.zone.ZoneSet;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.xbill.DNS.Type;

/**
 * Question: what does one query cost inside dns-geo, split into its steps: parsing the packet,
 * looking the answer up, and the whole path from query bytes to response bytes (parse, lookup,
 * write with compression and OPT)? Shapes: a static A record, an NXDOMAIN (SOA in authority), a geo
 * name asked with an ECS option (trie walk, health read, scope), and a weighted geo name ({@code
 * pick: 1} of three by weight). The baseline copies the query's bytes into a pooled output buffer:
 * the floor of any server that echoes a question.
 *
 * <p>Run: {@code bench/jmh DnsQueryBenchmark} ({@code -p shape=geo-ecs} for one shape).
 *
 * <p>What could make the numbers lie: the same query every call lets the branch predictor and
 * caches learn it, where a real mix varies names and subnets (the end-to-end script with dnsperf
 * measures that); the output buffer is reused and cleared rather than allocated per query, where
 * the server allocates one from the pool per response (a pooled allocation costs tens of
 * nanoseconds); no socket I/O is measured here.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DnsQueryBenchmark {
  @Param({"static", "nxdomain", "geo-ecs", "weighted-ecs"})
  String shape;

  private final QueryParser parser = new QueryParser();
  private final ResponseWriter writer = new ResponseWriter(1232, null);
  private ZoneSet zones;
  private ByteBuf query;
  private ByteBuf out;
  private DnsQuery parsed;
  private InetAddress source;

  @Setup
  public void setUp() throws Exception {
    zones = DnsFixtures.zoneSet();
    byte[] wire =
        switch (shape) {
          case "static" -> DnsFixtures.query("static.bench.test.", Type.A, null);
          case "nxdomain" -> DnsFixtures.query("nope.bench.test.", Type.A, null);
          case "geo-ecs" -> DnsFixtures.query("www.bench.test.", Type.A, "10.2.3.0/24");
          case "weighted-ecs" -> DnsFixtures.query("weighted.bench.test.", Type.A, "10.1.3.0/24");
          default -> throw new IllegalArgumentException("shape: " + shape);
        };
    query = PooledByteBufAllocator.DEFAULT.directBuffer(wire.length).writeBytes(wire);
    out = PooledByteBufAllocator.DEFAULT.directBuffer(1232);
    ParsedQuery p = parser.parse(query);
    if (p.outcome() != ParsedQuery.Outcome.QUERY) {
      throw new IllegalStateException("fixture query did not parse: " + p);
    }
    parsed = p.query();
    source = InetAddress.getByName("127.0.0.1");
  }

  @TearDown
  public void tearDown() {
    query.release();
    out.release();
  }

  @Benchmark
  public int baselineCopyQuery() {
    out.clear();
    out.writeBytes(query, query.readerIndex(), query.readableBytes());
    return out.writerIndex();
  }

  @Benchmark
  public ParsedQuery parse() {
    return parser.parse(query);
  }

  @Benchmark
  public Answer lookup() {
    return zones.lookup(parsed.qname(), parsed.qtype(), parsed.qclass(), parsed.client(source));
  }

  @Benchmark
  public int respond() {
    ParsedQuery p = parser.parse(query);
    DnsQuery q = p.query();
    Answer a = zones.lookup(q.qname(), q.qtype(), q.qclass(), q.client(source));
    out.clear();
    writer.write(out, q, a, writer.udpLimit(q));
    return out.writerIndex();
  }
}
