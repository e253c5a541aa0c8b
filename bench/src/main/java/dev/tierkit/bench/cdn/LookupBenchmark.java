package dev.tierkit.bench.cdn;

import dev.tierkit.bench.cache.ZipfGenerator;
import dev.tierkit.cdn.policy.Lifetime;
import dev.tierkit.cdn.policy.Vary;
import dev.tierkit.cdn.purge.PurgeGenerations;
import dev.tierkit.cdn.store.CachedObject;
import dev.tierkit.cdn.store.ObjectStore;
import dev.tierkit.cdn.store.StoreConfig;
import dev.tierkit.cdn.store.StoredBody;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Question: what does the hit path's lookup cost, minus I/O, with 1000 and 100000 objects in the
 * memory tier and two event loops looking up at once? One operation is what the edge does between
 * having the primary key and knowing it has a usable object: {@link ObjectStore#memoryVariants},
 * choosing the variant that matches the request's headers through {@link Vary#variantKey} (the same
 * loop as the edge handler's private variant selection, copied here), {@link
 * PurgeGenerations#validity} on the chosen object, and its freshness check. Keys are drawn with a
 * Zipf skew (s = 0.99) over the stored objects, 4096 precomputed per thread, so every lookup hits.
 * {@code vary=none}: one variant per URL; {@code vary=accept-encoding}: two variants per URL
 * (identity and gzip, the gzip one stored second), and the request sends a Chrome-style {@code
 * Accept-Encoding: gzip, deflate, br, zstd}, so each lookup parses that field once.
 *
 * <p>The baseline {@code concurrentHashMapGet} is a {@link ConcurrentHashMap#get} of the same keys
 * in a map holding the same keys: the floor of any concurrent key lookup, without the memory tier's
 * frequency sketch and read buffer, Vary selection or purge check.
 *
 * <p>Run: {@code bench/jmh LookupBenchmark} (two threads are fixed by {@code @Threads(2)}).
 *
 * <p>What could make the numbers lie: keys cycle through 4096 precomputed strings, so their hash
 * codes are cached, where a request's key is a new string hashed once per lookup (see {@code
 * CacheKeyBenchmark} for building it); with 1000 objects, and with the hot head of the Zipf
 * distribution at 100000, the entries stay in cache, the cheap case; the store is never written
 * during the measurement, so Caffeine's maintenance only drains its read buffer and never evicts;
 * the purge generations hold 100 prefix purges of the same host under {@code /news/}, which the
 * objects' {@code /assets/} paths leave after one trie step, and two tag probes per object find
 * nothing (see {@code PurgeCheckBenchmark} for the cost as purges grow); the request's headers are
 * the same every call. Caffeine drains its read buffer on the calling thread (the store's executor
 * runs tasks in place), so that amortised maintenance is in the number, as the edge pays it. Bodies
 * are 256 bytes and never touched. On a 2-core machine shared with other work the two threads may
 * not run truly in parallel: compare with the baseline of the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class LookupBenchmark {
  private static final int KEYS = 4096;
  private static final long NOW = 1_764_600_000_000L;
  private static final String HOST = "www.example.com";

  /** The stored URLs, shared by both benchmarks. */
  @State(Scope.Benchmark)
  public static class Space {
    @Param({"1000", "100000"})
    int objects;

    String[] paths;
    String[] keys;

    @Setup
    public void setUp() {
      paths = new String[objects];
      keys = new String[objects];
      for (int i = 0; i < objects; i++) {
        paths[i] = "/assets/v3/" + (i % 97) + "/bundle-" + i + ".js";
        keys[i] = "http://" + HOST + paths[i];
      }
    }
  }

  /** The edge's store and purge generations over the URLs, shared as event loops share them. */
  @State(Scope.Benchmark)
  public static class Edge {
    @Param({"none", "accept-encoding"})
    String vary;

    ObjectStore store;
    PurgeGenerations generations;

    @Setup
    public void setUp(Space space) throws IOException {
      generations = PurgeGenerations.inMemory();
      for (int i = 0; i < 100; i++) {
        generations.purgePrefix(HOST, "/news/2026/" + i + "/", false);
      }
      store =
          ObjectStore.open(StoreConfig.memoryOnly(4L << 30, 1 << 20, 0), generations, () -> NOW);
      List<String> names = vary.equals("none") ? List.of() : List.of("accept-encoding");
      StoredBody body = StoredBody.copyOf(new byte[256]);
      long stamp = generations.current();
      for (int i = 0; i < space.objects; i++) {
        String path = space.paths[i];
        List<String> tags = List.of("assets", "bundle-" + (i % 1000));
        if (names.isEmpty()) {
          store.put(object(space.keys[i], path, names, "", body, tags, stamp));
        } else {
          store.put(object(space.keys[i], path, names, "=", body, tags, stamp));
          store.put(object(space.keys[i], path, names, "=gzip", body, tags, stamp));
        }
      }
      ObjectStore.Stats stats = store.stats();
      long expected = (long) space.objects * (names.isEmpty() ? 1 : 2);
      if (stats.memoryObjects() != expected || stats.evictions() != 0) {
        throw new IllegalStateException("store holds " + stats + ", expected " + expected);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      store.close();
      generations.close();
    }

    private static CachedObject object(
        String key,
        String path,
        List<String> names,
        String variantKey,
        StoredBody body,
        List<String> tags,
        long stamp) {
      HttpHeaders headers = DefaultHttpHeadersFactory.headersFactory().newHeaders();
      headers
          .add("content-type", "application/javascript")
          .add("content-length", body.length())
          .add("cache-control", "public, max-age=31536000, immutable")
          .add("etag", "\"5f3a-61c2b0e4\"")
          .add("date", "Mon, 01 Dec 2025 14:40:00 GMT");
      if (!names.isEmpty()) {
        headers.add("vary", "Accept-Encoding");
      }
      return new CachedObject(
          key,
          HOST,
          path,
          names,
          variantKey,
          200,
          headers,
          body,
          NOW - 20,
          NOW - 10,
          new Lifetime(365L * 24 * 3600 * 1000, 0, 0, 0, false, false),
          tags,
          stamp);
    }
  }

  /** The baseline's map: the same keys, each to a placeholder value. */
  @State(Scope.Benchmark)
  public static class Plain {
    ConcurrentHashMap<String, Object> map;

    @Setup
    public void setUp(Space space) {
      map = new ConcurrentHashMap<>();
      for (int i = 0; i < space.objects; i++) {
        map.put(space.keys[i], new Object());
      }
    }
  }

  /** One event loop's key stream and request headers. */
  @State(Scope.Thread)
  public static class Requests {
    String[] keys;
    int next;
    HttpHeaders headers;

    @Setup
    public void setUp(Space space) {
      SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
      ZipfGenerator zipf = new ZipfGenerator(space.objects, 0.99, random.nextLong());
      keys = new String[KEYS];
      for (int i = 0; i < KEYS; i++) {
        // A fresh copy per slot, as a decoded request's key is not the stored key's instance.
        keys[i] = new String(space.keys[(int) zipf.next()]);
      }
      headers = DefaultHttpHeadersFactory.headersFactory().newHeaders();
      headers
          .add("host", HOST)
          .add("user-agent", "Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0.0.0 Safari/537.36")
          .add("accept", "*/*")
          .add("accept-encoding", "gzip, deflate, br, zstd")
          .add("accept-language", "en-GB,en;q=0.9");
    }

    String nextKey() {
      String key = keys[next];
      next = (next + 1) & (KEYS - 1);
      return key;
    }
  }

  @Benchmark
  public CachedObject hitLookup(Edge edge, Requests requests) {
    List<CachedObject> variants = edge.store.memoryVariants(requests.nextKey());
    CachedObject o = select(variants, requests.headers);
    if (o == null) {
      throw new IllegalStateException("a lookup missed: every key is stored");
    }
    PurgeGenerations.Validity v =
        edge.generations.validity(o.host(), o.path(), o.tags(), o.storedGeneration());
    if (v != PurgeGenerations.Validity.VALID || !o.isFresh(NOW)) {
      throw new IllegalStateException("a stored object was purged or stale: " + v);
    }
    return o;
  }

  @Benchmark
  public Object concurrentHashMapGet(Plain plain, Requests requests) {
    return plain.map.get(requests.nextKey());
  }

  /** The edge handler's variant selection: Vary names change rarely, so the key is reused. */
  private static CachedObject select(List<CachedObject> variants, HttpHeaders request) {
    List<String> names = null;
    String key = null;
    for (int i = 0, n = variants.size(); i < n; i++) {
      CachedObject o = variants.get(i);
      if (o.varyNames().isEmpty()) {
        return o;
      }
      if (!o.varyNames().equals(names)) {
        names = o.varyNames();
        key = Vary.variantKey(names, request);
      }
      if (o.variantKey().equals(key)) {
        return o;
      }
    }
    return null;
  }
}
