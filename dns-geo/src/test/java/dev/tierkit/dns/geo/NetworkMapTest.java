package dev.tierkit.dns.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NetworkMapTest {
  private static final List<String> DEFAULT = List.of("default");
  private static final List<String> A = List.of("a", "b");
  private static final List<String> B = List.of("b", "a");

  private static byte[] ip(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress();
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** The 16-byte form of an IPv6 literal, kept 16 bytes even for ::ffff:a.b.c.d. */
  private static byte[] ip6(String literal) {
    byte[] raw = ip(literal);
    if (raw.length == 16) {
      return raw;
    }
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(raw, 0, mapped, 12, 4);
    return mapped;
  }

  private record Hit(List<String> datacenters, int scope) {}

  private static Hit lookup(NetworkMap map, byte[] address, int sourcePrefix) {
    long result = map.lookup(address, sourcePrefix);
    return new Hit(
        map.decision(NetworkMap.decisionOf(result)).datacenters(), NetworkMap.scopeOf(result));
  }

  private static Hit lookup(NetworkMap map, String address) {
    byte[] a = ip(address);
    return lookup(map, a, a.length * 8);
  }

  private static NetworkMap.Builder builder() {
    NetworkMap.Builder b = NetworkMap.builder();
    b.intern(DEFAULT);
    return b;
  }

  @Test
  void adjacentHalvesWithTheSameDecisionMergeIntoTheirParentsScope() {
    NetworkMap.Builder b = builder();
    int a = b.intern(A);
    b.insert(ip("10.0.0.0"), 25, a).insert(ip("10.0.0.128"), 25, a);
    NetworkMap map = b.build();
    assertThat(lookup(map, "10.0.0.5")).isEqualTo(new Hit(A, 24));
    assertThat(lookup(map, "10.0.0.200")).isEqualTo(new Hit(A, 24));
  }

  @Test
  void scopeOutsideANestedNetworkIsTheExactWidthOfTheUniformRegion() {
    NetworkMap.Builder b = builder();
    b.insert(ip("10.1.0.0"), 16, b.intern(A)).insert(ip("10.1.5.0"), 24, b.intern(B));
    NetworkMap map = b.build();
    // 5 = 0000_0101: 10.1.128.0/17 holds no part of 10.1.5.0/24.
    assertThat(lookup(map, "10.1.200.1")).isEqualTo(new Hit(A, 17));
    // 10.1.0.0/22 (third octet 0..3) is all A; the /21 would take in 10.1.5.0/24.
    assertThat(lookup(map, "10.1.0.1")).isEqualTo(new Hit(A, 22));
    // 10.1.4.0/24 is the sibling of 10.1.5.0/24.
    assertThat(lookup(map, "10.1.4.1")).isEqualTo(new Hit(A, 24));
    assertThat(lookup(map, "10.1.5.7")).isEqualTo(new Hit(B, 24));
  }

  @Test
  void defaultRegionScopeEndsWhereAnInsertedNetworkBegins() {
    NetworkMap.Builder b = builder();
    b.insert(ip("10.1.0.0"), 16, b.intern(A));
    NetworkMap map = b.build();
    // 11.0.0.0/8 = 0000_1011 shares 7 bits with 10/8, and 11/8 is all default.
    assertThat(lookup(map, "11.0.0.1")).isEqualTo(new Hit(DEFAULT, 8));
    // 10.0.0.0/16 is the sibling of 10.1.0.0/16.
    assertThat(lookup(map, "10.0.3.4")).isEqualTo(new Hit(DEFAULT, 16));
    assertThat(lookup(map, "192.0.2.1")).isEqualTo(new Hit(DEFAULT, 1));
  }

  @Test
  void mapWithOnlyTheDefaultAnswersWithScopeZero() {
    NetworkMap map = builder().build();
    assertThat(lookup(map, "192.0.2.1")).isEqualTo(new Hit(DEFAULT, 0));
    assertThat(lookup(map, "2001:db8::1")).isEqualTo(new Hit(DEFAULT, 0));
    assertThat(lookup(map, ip6("::ffff:192.0.2.1"), 128)).isEqualTo(new Hit(DEFAULT, 0));
    assertThat(map.nodeCount()).isZero();
  }

  @Test
  void ipv6NetworksHaveIpv6Scopes() {
    NetworkMap.Builder b = builder();
    b.insert(ip("2001:db8:1::"), 48, b.intern(A));
    NetworkMap map = b.build();
    assertThat(lookup(map, ip("2001:db8:1::"), 56)).isEqualTo(new Hit(A, 48));
    // Third group 0x0002 vs 0x0001: they differ at bit 46, so 2001:db8:2::/47 is all default.
    assertThat(lookup(map, ip("2001:db8:2::"), 56)).isEqualTo(new Hit(DEFAULT, 47));
    assertThat(lookup(map, "10.1.0.1").datacenters()).isEqualTo(DEFAULT);
  }

  @Test
  void ipv4MappedAddressLandsInTheIpv4PartWithAnIpv6Scope() {
    NetworkMap.Builder b = builder();
    b.insert(ip("10.1.0.0"), 16, b.intern(A)).insert(ip("10.1.5.0"), 24, b.intern(B));
    NetworkMap map = b.build();
    assertThat(lookup(map, ip6("::ffff:10.1.5.7"), 128)).isEqualTo(new Hit(B, 120));
    assertThat(lookup(map, ip6("::ffff:10.1.200.1"), 120)).isEqualTo(new Hit(A, 113));
    // IPv4-compatible (::a.b.c.d) is an ordinary IPv6 address, not IPv4.
    assertThat(lookup(map, ip6("::10.1.5.7"), 128).datacenters()).isEqualTo(DEFAULT);
  }

  @Test
  void ipv4NetworkWrittenAsMappedIpv6IsTheSameNetwork() {
    NetworkMap.Builder b = builder();
    b.insert(ip6("::ffff:10.1.0.0"), 112, b.intern(A));
    NetworkMap map = b.build();
    assertThat(lookup(map, "10.1.2.3")).isEqualTo(new Hit(A, 16));
  }

  @Test
  void bitsBeyondTheSourcePrefixAreReadAsZero() {
    NetworkMap.Builder b = builder();
    b.insert(ip("10.1.0.0"), 16, b.intern(A)).insert(ip("10.1.5.0"), 24, b.intern(B));
    NetworkMap map = b.build();
    assertThat(lookup(map, ip("10.1.5.7"), 16)).isEqualTo(new Hit(A, 22));
    assertThat(lookup(map, ip("10.1.5.0"), 24)).isEqualTo(new Hit(B, 24));
  }

  @Test
  void laterInsertReplacesEverythingInsideIt() {
    NetworkMap.Builder b = builder();
    b.insert(ip("10.1.5.0"), 24, b.intern(B)).insert(ip("10.1.0.0"), 16, b.intern(A));
    NetworkMap map = b.build();
    assertThat(lookup(map, "10.1.5.7")).isEqualTo(new Hit(A, 16));
  }

  @Test
  void equalListsAreInternedToOneDecision() {
    NetworkMap.Builder b = builder();
    int first = b.intern(List.of("a", "b"));
    assertThat(b.intern(new ArrayList<>(List.of("a", "b")))).isEqualTo(first);
    assertThat(b.intern(List.of("b", "a"))).isNotEqualTo(first);
    b.insert(ip("10.0.0.0"), 24, first).insert(ip("10.0.1.0"), 24, b.intern(List.of("a", "b")));
    assertThat(lookup(b.build(), "10.0.0.1")).isEqualTo(new Hit(A, 23));
  }

  /**
   * Random nested networks against a brute-force model: the decision is the last inserted network
   * containing the address, the scope's region is uniform and the region one bit wider is not.
   */
  @Test
  void randomNetworksGiveExactDecisionsAndScopes() {
    Random random = new Random(7);
    for (int round = 0; round < 30; round++) {
      NetworkMap.Builder b = builder();
      List<long[]> inserted = new ArrayList<>(); // start, end, decision
      for (int i = 0; i < 40; i++) {
        int prefix = 8 + random.nextInt(21);
        long start = (0x0a000000L | (random.nextInt() & 0x00ffffffL)) & mask(prefix);
        long end = start + (1L << (32 - prefix)) - 1;
        int decision = b.intern(List.of("dc" + random.nextInt(4)));
        b.insert(bytes(start), prefix, decision);
        inserted.add(new long[] {start, end, decision});
      }
      NetworkMap map = b.build();
      for (int probe = 0; probe < 300; probe++) {
        long address = 0x0a000000L | (random.nextInt() & 0x00ffffffL);
        long result = map.lookup(bytes(address), 32);
        int decision = NetworkMap.decisionOf(result);
        int scope = NetworkMap.scopeOf(result);
        assertThat(decision).isEqualTo(model(inserted, address));
        long regionStart = address & mask(scope);
        assertThat(uniform(inserted, regionStart, scope)).isTrue();
        if (scope > 0) {
          assertThat(uniform(inserted, address & mask(scope - 1), scope - 1)).isFalse();
        }
      }
    }
  }

  private static long mask(int prefix) {
    return prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
  }

  private static byte[] bytes(long v4) {
    return new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8), (byte) v4};
  }

  private static int model(List<long[]> inserted, long address) {
    int decision = 0;
    for (long[] n : inserted) {
      if (n[0] <= address && address <= n[1]) {
        decision = (int) n[2];
      }
    }
    return decision;
  }

  /** The model is piecewise constant, changing only at network starts and just after ends. */
  private static boolean uniform(List<long[]> inserted, long start, int prefix) {
    long end = start + (1L << (32 - prefix)) - 1;
    int decision = model(inserted, start);
    for (long[] n : inserted) {
      for (long breakpoint : new long[] {n[0], n[1] + 1}) {
        if (breakpoint > start && breakpoint <= end && model(inserted, breakpoint) != decision) {
          return false;
        }
      }
    }
    return true;
  }
}
