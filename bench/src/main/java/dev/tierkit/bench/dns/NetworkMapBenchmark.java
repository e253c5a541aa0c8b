package dev.tierkit.bench.dns;

import dev.tierkit.dns.geo.NetworkMap;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Question: how long does the geo map take to turn a client address into its data-center decision
 * and ECS scope, for IPv4 and IPv6, in a map of {@code networks} random prefixes (/8 to /28 for
 * IPv4, /16 to /64 for IPv6) with 4 decisions? The baseline reads one element of an array as large
 * as the trie, indexed by the address's hash: one cache miss, the floor of any table lookup.
 *
 * <p>Run: {@code bench/jmh NetworkMapBenchmark}.
 *
 * <p>What could make the numbers lie: the addresses cycle through 4096 precomputed ones, so a small
 * map's trie stays in cache where a real one with millions of MaxMind networks would not; random
 * prefixes merge less than real registry allocations do, which makes the trie deeper than real
 * maps.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class NetworkMapBenchmark {
  private static final int ADDRESSES = 4096;

  @Param({"1000", "100000"})
  int networks;

  @Param({"ipv4", "ipv6"})
  String family;

  private NetworkMap map;
  private byte[][] addresses;
  private int[] table;
  private int next;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    NetworkMap.Builder builder = NetworkMap.builder();
    int[] decisions = {
      builder.intern(java.util.List.of("a", "b")),
      builder.intern(java.util.List.of("b", "a")),
      builder.intern(java.util.List.of("c", "a")),
      builder.intern(java.util.List.of("d", "b"))
    };
    boolean v4 = family.equals("ipv4");
    for (int i = 0; i < networks; i++) {
      byte[] address = new byte[v4 ? 4 : 16];
      random.nextBytes(address);
      int prefix = v4 ? 8 + random.nextInt(21) : 16 + random.nextInt(49);
      mask(address, prefix);
      builder.insert(address, prefix, decisions[random.nextInt(decisions.length)]);
    }
    map = builder.build();
    addresses = new byte[ADDRESSES][];
    for (int i = 0; i < ADDRESSES; i++) {
      addresses[i] = new byte[v4 ? 4 : 16];
      random.nextBytes(addresses[i]);
    }
    table = new int[Math.max(1024, map.nodeCount() * 2)];
  }

  private static void mask(byte[] address, int prefix) {
    for (int bit = prefix; bit < address.length * 8; bit++) {
      address[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
    }
  }

  @Benchmark
  public long lookup() {
    byte[] address = addresses[next++ & (ADDRESSES - 1)];
    return map.lookup(address, address.length * 8);
  }

  @Benchmark
  public int baselineTableRead() {
    byte[] address = addresses[next++ & (ADDRESSES - 1)];
    int h = java.util.Arrays.hashCode(address);
    return table[(h & 0x7FFF_FFFF) % table.length];
  }
}
