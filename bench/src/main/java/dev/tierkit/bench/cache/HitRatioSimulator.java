package dev.tierkit.bench.cache;

import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.CacheStore;
import dev.tierkit.cache.store.EvictionPolicy;
import dev.tierkit.cache.store.KeyOperation;
import dev.tierkit.cache.store.ValueSource;
import dev.tierkit.cache.store.WriteStatus;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How good is each eviction policy: the hit ratio of the real stores ({@code lru}, {@code tinylfu},
 * {@code fifo}) on the same key streams, kept apart from how fast they are (that is {@link
 * CacheStoreBenchmark}'s question). A plain program, not JMH: the answer is a ratio, not a time.
 *
 * <p>Each request is a cache-aside read: a get through {@link CacheStore#apply} that counts a hit
 * ({@code recordAccess}, as the protocol's get does), and on a miss a set of the key's value. Two
 * streams over {@code --keys} keys: {@code zipf} draws every request from zipf(0.99); {@code
 * zipf+scans} does the same but after every {@code --scan-every} zipf requests inserts a sequential
 * scan of {@code --scan-length} keys, continuing where the last scan stopped (a batch job walking
 * the whole key space): this is the pattern that flushes an LRU and that TinyLFU's admission filter
 * is meant to resist. The zipf-only column counts just the zipf requests of the stream, so it shows
 * what the scans cost the hot set.
 *
 * <p>Cache size: each store is bounded in bytes and each accounts for per-item overhead its own
 * way, so equal bytes would mix memory efficiency into a policy comparison. Instead each store's
 * memory is calibrated to hold {@code --cache-percent} of the keys (default 10%): fill a store with
 * every key once, read how many items it kept, scale the memory, and fill again; the table prints
 * the items each store held at the end of the run and the memory that took. Value sizes are fixed
 * per key, uniform in [32,128] bytes over keys, so a key never changes size class.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.tierkit.bench.cache.HitRatioSimulator}
 * (options: {@code --keys 1000000 --requests 4000000 --cache-percent 10 --scan-length 2x-cache
 * --scan-every 500000 --policies lru,tinylfu,fifo --seed 42}).
 *
 * <p>What could make the numbers lie: the first quarter of each stream only warms the cache and is
 * not counted (a shorter warm-up would favour the policy that fills fastest); one zipf exponent and
 * one scan shape say little about traces with other skew or with recency bursts; the {@code
 * unbounded} row (every key's first request misses, nothing else does) is the ceiling, not a
 * policy. TinyLFU's sketch is seeded per instance, so its figure can move by a few thousandths
 * between runs.
 */
public final class HitRatioSimulator {
  private static final CacheClock CLOCK = () -> 1_700_000_000L;
  private static final KeyOperation<Boolean> GET =
      cursor -> {
        if (cursor.exists()) {
          cursor.recordAccess();
          return true;
        }
        return false;
      };

  private final int keys;
  private final int requests;
  private final double cachePercent;
  private final int scanLength;
  private final int scanEvery;
  private final List<EvictionPolicy> policies;
  private final long seed;
  private final byte[] valueBytes = new byte[128];

  private HitRatioSimulator(
      int keys,
      int requests,
      double cachePercent,
      int scanLength,
      int scanEvery,
      List<EvictionPolicy> policies,
      long seed) {
    this.keys = keys;
    this.requests = requests;
    this.cachePercent = cachePercent;
    this.scanLength = scanLength;
    this.scanEvery = scanEvery;
    this.policies = policies;
    this.seed = seed;
  }

  public static void main(String[] args) {
    int keys = 1_000_000;
    int requests = 4_000_000;
    double cachePercent = 10;
    int scanLength = -1;
    int scanEvery = 500_000;
    String policies = "lru,tinylfu,fifo";
    long seed = 42;
    for (int i = 0; i + 1 < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--keys" -> keys = Integer.parseInt(value);
        case "--requests" -> requests = Integer.parseInt(value);
        case "--cache-percent" -> cachePercent = Double.parseDouble(value);
        case "--scan-length" -> scanLength = Integer.parseInt(value);
        case "--scan-every" -> scanEvery = Integer.parseInt(value);
        case "--policies" -> policies = value;
        case "--seed" -> seed = Long.parseLong(value);
        default -> {
          System.err.println("HitRatioSimulator: unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    if (args.length % 2 != 0) {
      System.err.println("HitRatioSimulator: " + args[args.length - 1] + " needs a value");
      System.exit(2);
    }
    int cacheItems = (int) (keys * cachePercent / 100);
    List<EvictionPolicy> list = new ArrayList<>();
    for (String name : policies.split(",")) {
      list.add(Stores.policy(name.trim()));
    }
    new HitRatioSimulator(
            keys,
            requests,
            cachePercent,
            scanLength > 0 ? scanLength : 2 * cacheItems,
            scanEvery,
            list,
            seed)
        .run();
  }

  private void run() {
    int target = (int) (keys * cachePercent / 100);
    System.out.printf(
        Locale.ROOT,
        "hit ratio: %d keys, %d requests per stream (the first %d warm the cache, not counted),"
            + " cache sized to hold %.1f%% of the keys (%d items), values 32..128 B by key%n",
        keys,
        requests,
        requests / 4,
        cachePercent,
        target);
    long[] memory = new long[EvictionPolicy.values().length];
    int[] capacity = new int[memory.length];
    for (EvictionPolicy policy : policies) {
      long m = calibrate(policy, target);
      memory[policy.ordinal()] = m;
      capacity[policy.ordinal()] = fillAll(policy, m);
    }
    for (boolean scans : new boolean[] {false, true}) {
      int[] stream = new int[requests];
      BitSet scanRequests = new BitSet(requests);
      generate(stream, scanRequests, scans);
      System.out.println();
      System.out.println(
          scans
              ? String.format(
                  Locale.ROOT,
                  "stream zipf+scans: zipf(0.99), and after every %d zipf requests a sequential"
                      + " scan of %d keys (%.0f%% of requests are scan requests)",
                  scanEvery,
                  scanLength,
                  100.0 * scanRequests.cardinality() / requests)
              : "stream zipf: zipf(0.99)");
      System.out.printf(
          Locale.ROOT,
          "%-10s %10s %11s %10s %15s %10s%n",
          "policy",
          "memory_MB",
          "items_held",
          "hit_ratio",
          "zipf_hit_ratio",
          "evictions");
      Result unbounded = unbounded(stream, scanRequests);
      System.out.printf(
          Locale.ROOT,
          "%-10s %10s %11s %10.4f %15.4f %10s%n",
          "unbounded",
          "-",
          "-",
          unbounded.hitRatio(),
          unbounded.zipfHitRatio(),
          "-");
      for (EvictionPolicy policy : policies) {
        Result r = simulate(policy, memory[policy.ordinal()], stream, scanRequests);
        System.out.printf(
            Locale.ROOT,
            "%-10s %10.1f %11d %10.4f %15.4f %10d%n",
            policy.name().toLowerCase(Locale.ROOT),
            memory[policy.ordinal()] / 1048576.0,
            r.itemsHeld,
            r.hitRatio(),
            r.zipfHitRatio(),
            r.evictions);
      }
    }
    System.out.println();
    for (EvictionPolicy policy : policies) {
      System.out.printf(
          Locale.ROOT,
          "calibration %s: %.1f MB holds %d items after every key was stored once%n",
          policy.name().toLowerCase(Locale.ROOT),
          memory[policy.ordinal()] / 1048576.0,
          capacity[policy.ordinal()]);
    }
  }

  private void generate(int[] stream, BitSet scanRequests, boolean scans) {
    ZipfGenerator zipf = new ZipfGenerator(keys, 0.99, seed);
    int scanCursor = new SplittableRandom(seed).nextInt(keys);
    int i = 0;
    int sinceScan = 0;
    while (i < stream.length) {
      if (scans && sinceScan == scanEvery) {
        for (int s = 0; s < scanLength && i < stream.length; s++) {
          scanRequests.set(i);
          stream[i++] = scanCursor;
          scanCursor = scanCursor + 1 == keys ? 0 : scanCursor + 1;
        }
        sinceScan = 0;
        continue;
      }
      stream[i++] = (int) zipf.next();
      sinceScan++;
    }
  }

  /** The memory that makes {@code policy}'s store hold about {@code target} items. */
  private long calibrate(EvictionPolicy policy, int target) {
    long memory = Math.max(4L << 20, (long) target * 256);
    for (int attempt = 0; attempt < 3; attempt++) {
      int held = fillAll(policy, memory);
      if (Math.abs(held - target) < target / 100) {
        break;
      }
      memory = Math.max(4L << 20, (long) ((double) memory * target / Math.max(held, 1)));
    }
    return memory;
  }

  /** Stores every key once into a fresh store of {@code memory} bytes; returns the items kept. */
  private int fillAll(EvictionPolicy policy, long memory) {
    try (CacheStore store = Stores.open(policy, memory, CLOCK)) {
      for (int k = 0; k < keys; k++) {
        set(store, k);
      }
      return (int) store.stats().currItems();
    }
  }

  private Result simulate(EvictionPolicy policy, long memory, int[] stream, BitSet scanRequests) {
    try (CacheStore store = Stores.open(policy, memory, CLOCK)) {
      Result r = new Result();
      int warmup = stream.length / 4;
      for (int i = 0; i < stream.length; i++) {
        int key = stream[i];
        boolean hit = store.apply(key(key), GET);
        if (!hit) {
          set(store, key);
        }
        if (i >= warmup) {
          r.count(hit, scanRequests.get(i));
        }
      }
      r.itemsHeld = store.stats().currItems();
      r.evictions = store.stats().evictions();
      return r;
    }
  }

  private Result unbounded(int[] stream, BitSet scanRequests) {
    BitSet seen = new BitSet(keys);
    Result r = new Result();
    int warmup = stream.length / 4;
    for (int i = 0; i < stream.length; i++) {
      boolean hit = seen.get(stream[i]);
      seen.set(stream[i]);
      if (i >= warmup) {
        r.count(hit, scanRequests.get(i));
      }
    }
    return r;
  }

  private void set(CacheStore store, int key) {
    ValueSource value = ValueSource.of(valueBytes, 0, 32 + (int) (mix(key) % 97));
    WriteStatus status = store.apply(key(key), cursor -> cursor.write(0, 0, value, 0));
    if (status != WriteStatus.STORED) {
      throw new IllegalStateException("set of key " + key + " failed: " + status);
    }
  }

  /** A fresh array each time: a store may keep the array it was given as the item's key. */
  private static byte[] key(int key) {
    byte[] bytes = new byte[ValuePattern.KEY_LENGTH];
    ValuePattern.writeKey(bytes, 0, key);
    return bytes;
  }

  private static long mix(long x) {
    long z = x * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    return (z ^ (z >>> 31)) & Long.MAX_VALUE;
  }

  private static final class Result {
    long requests;
    long hits;
    long zipfRequests;
    long zipfHits;
    long itemsHeld;
    long evictions;

    void count(boolean hit, boolean scan) {
      requests++;
      if (hit) {
        hits++;
      }
      if (!scan) {
        zipfRequests++;
        if (hit) {
          zipfHits++;
        }
      }
    }

    double hitRatio() {
      return requests == 0 ? 0 : (double) hits / requests;
    }

    double zipfHitRatio() {
      return zipfRequests == 0 ? 0 : (double) zipfHits / zipfRequests;
    }
  }
}
