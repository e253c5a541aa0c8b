package dev.tierkit.dns.geo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The geo trie: maps a client network to a {@link Decision} (an ordered list of data centers) and
 * the ECS scope of that decision.
 *
 * <h2>Design</h2>
 *
 * <p><b>Address space.</b> One binary trie over 128-bit addresses. IPv4 lives in the IPv4-mapped
 * block {@code ::ffff:0:0/96}, so an IPv4 address {@code a.b.c.d} and the IPv6 address {@code
 * ::ffff:a.b.c.d} are the same key. Scopes for 4-byte lookups are reported in IPv4 bits (depth −
 * 96, never below 0); scopes for 16-byte lookups in IPv6 bits.
 *
 * <p><b>Layout.</b> The compiled trie has no node objects: internal node {@code i} owns {@code
 * children[2i]} (bit 0) and {@code children[2i + 1]} (bit 1). A child reference {@code >= 0} is
 * another internal node; a reference {@code < 0} is a leaf whose decision id is {@code ~ref}. So a
 * leaf costs no storage of its own, the whole map is one {@code int[]}, and a lookup is a loop of
 * array reads that allocates nothing. The reference reached after walking {@code ::ffff:0:0/96} is
 * kept aside so IPv4 lookups start there instead of walking 96 levels.
 *
 * <p><b>Compile.</b> The {@link Builder} keeps a mutable trie where any node may carry a decision.
 * {@link Builder#insert} sets a node's decision and drops everything beneath it, so later inserts
 * override earlier ones inside their network: the caller inserts MaxMind networks first, then
 * explicit CIDRs from the shortest prefix to the longest. {@link Builder#build} then pushes each
 * decision down to the leaves beneath it (a missing child inherits its parent's decision, the root
 * inherits the default) and merges bottom-up.
 *
 * <p><b>Merge rule and invariant.</b> An internal node whose two children are leaves with the same
 * decision becomes a leaf itself. Applied bottom-up this gives the invariant: <em>every internal
 * node's region holds at least two different decisions</em>. Hence a leaf at depth {@code d} is the
 * widest aligned prefix around the address over which the decision is constant, and {@code d} is
 * the exact ECS scope: widening by one bit would take in a region that answers differently.
 * Decisions are interned, so "same decision" is an int comparison.
 *
 * <p><b>Complexity.</b> Lookup: at most 128 (IPv4: 32) array reads, no allocation. Build: O(total
 * prefix bits inserted) for the builder, O(builder nodes) for the merge, recursion depth at most
 * 128. Memory: 8 bytes per internal node; a trie with {@code L} leaves has {@code L − 1} internal
 * nodes.
 *
 * <p>Source prefix: address bits at or beyond the client's source prefix are read as zero (RFC 7871
 * section 6 requires them to be zero), so the scope may be longer than the source prefix, which RFC
 * 7871 section 7.2.1 allows.
 *
 * <p>Immutable and safe to share between threads once built.
 */
public final class NetworkMap {
  /** Bits of the packed result that hold the scope; decisions are above them. */
  private static final int SCOPE_BITS = 8;

  private final int[] children;
  private final int rootRef;
  private final int ipv4Ref;
  private final int ipv4Depth;
  private final List<Decision> decisions;

  private NetworkMap(int[] children, int rootRef, List<Decision> decisions) {
    this.children = children;
    this.rootRef = rootRef;
    this.decisions = decisions;
    int ref = rootRef;
    int depth = 0;
    while (ref >= 0 && depth < 96) {
      int bit = depth >= 80 ? 1 : 0;
      ref = children[2 * ref + bit];
      depth++;
    }
    this.ipv4Ref = ref;
    this.ipv4Depth = depth;
  }

  /** A builder; the first decision it interns is the default for every address not inserted. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Looks up a client network.
   *
   * @param address 4 bytes (IPv4) or 16 bytes (IPv6, where {@code ::ffff:a.b.c.d} lands in the IPv4
   *     part)
   * @param sourcePrefix how many leading bits of {@code address} count; later bits are read as zero
   * @return the decision id and scope packed into one long: read them with {@link #decisionOf} and
   *     {@link #scopeOf}
   */
  public long lookup(byte[] address, int sourcePrefix) {
    if (address.length == 4) {
      int v4 = (address[0] & 0xff) << 24 | (address[1] & 0xff) << 16;
      v4 |= (address[2] & 0xff) << 8 | (address[3] & 0xff);
      return lookupIpv4(v4, sourcePrefix);
    }
    if (address.length != 16) {
      throw new IllegalArgumentException("address of " + address.length + " bytes");
    }
    if (sourcePrefix >= 96 && isIpv4Mapped(address)) {
      int v4 = (address[12] & 0xff) << 24 | (address[13] & 0xff) << 16;
      v4 |= (address[14] & 0xff) << 8 | (address[15] & 0xff);
      long v4Result = lookupIpv4(v4, sourcePrefix - 96);
      int scope = scopeOf(v4Result);
      return pack(decisionOf(v4Result), ipv4Depth < 96 ? ipv4Depth : scope + 96);
    }
    int ref = rootRef;
    int depth = 0;
    while (ref >= 0) {
      int bit = depth < sourcePrefix ? (address[depth >>> 3] >>> (7 - (depth & 7))) & 1 : 0;
      ref = children[2 * ref + bit];
      depth++;
    }
    return pack(~ref, depth);
  }

  /**
   * Looks up an IPv4 network given as an int (most significant byte first); the scope is in IPv4
   * bits.
   */
  public long lookupIpv4(int address, int sourcePrefix) {
    int ref = ipv4Ref;
    if (ref < 0) {
      return pack(~ref, 0);
    }
    int depth = 0;
    while (ref >= 0) {
      int bit = depth < sourcePrefix ? (address >>> (31 - depth)) & 1 : 0;
      ref = children[2 * ref + bit];
      depth++;
    }
    return pack(~ref, depth);
  }

  /** The decision id of a {@link #lookup} result. */
  public static int decisionOf(long result) {
    return (int) (result >>> SCOPE_BITS);
  }

  /** The scope (prefix length of the deciding region) of a {@link #lookup} result. */
  public static int scopeOf(long result) {
    return (int) (result & ((1 << SCOPE_BITS) - 1));
  }

  private static long pack(int decision, int scope) {
    return ((long) decision << SCOPE_BITS) | scope;
  }

  private static boolean isIpv4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  /** The decision with id {@code id}. */
  public Decision decision(int id) {
    return decisions.get(id);
  }

  /** Every decision, indexed by id. */
  public List<Decision> decisions() {
    return decisions;
  }

  /** How many internal nodes the compiled trie has (its memory is 8 bytes each). */
  public int nodeCount() {
    return children.length / 2;
  }

  /** How many leaves (maximal regions with one decision) the compiled trie has. */
  public int leafCount() {
    return nodeCount() + 1;
  }

  /**
   * An ordered list of data-center names, interned: two decisions are the same list iff their ids
   * are equal.
   */
  public record Decision(int id, List<String> datacenters) {
    public Decision {
      datacenters = List.copyOf(datacenters);
    }
  }

  /**
   * Collects networks and compiles them into a {@link NetworkMap}. Not thread-safe; used once.
   * Decision 0 is the default: an address no insert covers gets it.
   */
  public static final class Builder {
    private static final int NONE = -1;

    private final Map<List<String>, Integer> interned = new HashMap<>();
    private final List<Decision> decisions = new ArrayList<>();
    private int[] zero = new int[64];
    private int[] one = new int[64];
    private int[] decisionAt = new int[64];
    private int size = 1;

    private Builder() {
      decisionAt[0] = NONE;
    }

    /**
     * Interns an ordered data-center list. The first list interned is the default decision (id 0).
     */
    public int intern(List<String> datacenters) {
      List<String> key = List.copyOf(datacenters);
      Integer id = interned.get(key);
      if (id != null) {
        return id;
      }
      int next = decisions.size();
      decisions.add(new Decision(next, key));
      interned.put(key, next);
      return next;
    }

    /**
     * Gives the network {@code address/prefix} the decision {@code decision}, replacing whatever
     * was inserted inside it before.
     *
     * @param address 4 bytes (IPv4, prefix 0..32) or 16 bytes (IPv6, prefix 0..128)
     */
    public Builder insert(byte[] address, int prefix, int decision) {
      Objects.checkIndex(decision, decisions.size());
      byte[] a16 = toIpv6(address);
      int bits = address.length == 4 ? prefix + 96 : prefix;
      if (prefix < 0 || bits > 128) {
        throw new IllegalArgumentException(
            "prefix " + prefix + " for " + address.length + " bytes");
      }
      int node = 0;
      for (int depth = 0; depth < bits; depth++) {
        int bit = (a16[depth >>> 3] >>> (7 - (depth & 7))) & 1;
        int[] side = bit == 0 ? zero : one;
        int child = side[node];
        if (child == 0) {
          child = newNode();
          (bit == 0 ? zero : one)[node] = child;
        }
        node = child;
      }
      decisionAt[node] = decision;
      zero[node] = 0;
      one[node] = 0;
      return this;
    }

    /** Pushes decisions to the leaves, merges equal siblings and freezes the result. */
    public NetworkMap build() {
      if (decisions.isEmpty()) {
        throw new IllegalStateException("no default decision interned");
      }
      Compiler compiler = new Compiler();
      int root = compiler.compile(0, 0);
      return new NetworkMap(
          Arrays.copyOf(compiler.out, compiler.size * 2), root, List.copyOf(decisions));
    }

    private int newNode() {
      if (size == zero.length) {
        int n = size * 2;
        zero = Arrays.copyOf(zero, n);
        one = Arrays.copyOf(one, n);
        decisionAt = Arrays.copyOf(decisionAt, n);
      }
      decisionAt[size] = NONE;
      return size++;
    }

    private static byte[] toIpv6(byte[] address) {
      if (address.length == 16) {
        return address;
      }
      if (address.length != 4) {
        throw new IllegalArgumentException("address of " + address.length + " bytes");
      }
      byte[] a16 = new byte[16];
      a16[10] = (byte) 0xff;
      a16[11] = (byte) 0xff;
      System.arraycopy(address, 0, a16, 12, 4);
      return a16;
    }

    /** Post-order copy of the builder trie into the flat layout, merging as it goes. */
    private final class Compiler {
      int[] out = new int[64];
      int size;

      int compile(int node, int inherited) {
        int decision = decisionAt[node] == NONE ? inherited : decisionAt[node];
        int left = zero[node] == 0 ? ~decision : compile(zero[node], decision);
        int right = one[node] == 0 ? ~decision : compile(one[node], decision);
        if (left < 0 && left == right) {
          return left;
        }
        if (2 * size + 2 > out.length) {
          out = Arrays.copyOf(out, out.length * 2);
        }
        out[2 * size] = left;
        out[2 * size + 1] = right;
        return size++;
      }
    }
  }
}
