package dev.tierkit.bench.cache;

import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.CacheStore;
import dev.tierkit.cache.store.KeyOperation;
import dev.tierkit.cache.store.ValueSource;
import dev.tierkit.cache.store.WriteStatus;
import java.util.Arrays;
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

/**
 * Question: what does one get (a hit) and one set (an overwrite) cost in each store, for keys drawn
 * from zipf(0.99), per eviction policy ({@code lru} and {@code fifo} are the slab store, {@code
 * tinylfu} the Caffeine store) and value size? The baseline beside them is a {@code
 * ConcurrentHashMap} from a content-hashed key wrapper to a value array: the floor for "find the
 * bytes under a key" with no memory bound, no eviction bookkeeping and no item header. A get copies
 * the value out (into a heap array standing in for the outbound buffer), as the protocol does; a
 * set copies the value in, as the store must.
 *
 * <p>Run: {@code bench/jmh CacheStoreBenchmark} ({@code --quick} for a smoke run); {@code -t 2} for
 * two threads on the same store, which is what two event loops do; {@code -p policy=lru} for one
 * policy.
 *
 * <p>What could make the numbers lie: the store holds every key (memory is sized for the whole key
 * space), so {@code get} always hits and {@code set} never evicts: eviction and miss paths are not
 * measured here, and the hit ratio they drive is {@link HitRatioSimulator}'s question. Zipf keys
 * keep the hot items in CPU caches, which flatters every store alike (a uniform stream over 100,000
 * keys would miss the caches more). The key stream is precomputed, so random number generation is
 * not measured, and its 2^20 entries are far more than a branch predictor can learn. One thread
 * never contends for a shard lock; run {@code -t 2}. Caffeine runs its maintenance on the calling
 * thread, amortised into some gets and sets, so its average hides spikes; JMH's average is the
 * right figure for throughput, not for tail latency.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheStoreBenchmark {
  static final int KEYS = 100_000;
  private static final int STREAM = 1 << 20;
  private static final CacheClock CLOCK = () -> 1_700_000_000L;

  /** The key space as byte arrays and a zipf(0.99) stream of indexes into it, shared by all. */
  @State(Scope.Benchmark)
  public static class Keys {
    byte[][] keys;
    int[] stream;

    @Setup
    public void setUp() {
      keys = new byte[KEYS][];
      for (int k = 0; k < KEYS; k++) {
        keys[k] = new byte[ValuePattern.KEY_LENGTH];
        ValuePattern.writeKey(keys[k], 0, k);
      }
      ZipfGenerator zipf = new ZipfGenerator(KEYS, 0.99, 42);
      stream = new int[STREAM];
      for (int i = 0; i < STREAM; i++) {
        stream[i] = (int) zipf.next();
      }
    }
  }

  /** A store of the policy under test holding every key. */
  @State(Scope.Benchmark)
  public static class StoreState {
    @Param({"lru", "tinylfu", "fifo"})
    String policy;

    @Param({"100", "1000"})
    int valueSize;

    CacheStore store;

    /** Overwrites the key's item with {@code valueSize} bytes, read-only state, so shared. */
    KeyOperation<WriteStatus> set;

    @Setup(Level.Trial)
    public void setUp(Keys keys) {
      byte[] bytes = new byte[valueSize];
      Arrays.fill(bytes, (byte) 'v');
      ValueSource newValue = ValueSource.of(bytes);
      set = cursor -> cursor.write(0, 0, newValue, 0);
      // room for every key twice over, whatever the store's per-item overhead
      long memory = Math.max(64L << 20, 2L * KEYS * (valueSize + 300));
      store = Stores.open(Stores.policy(policy), memory, CLOCK);
      ValueSource value = ValueSource.of(new byte[valueSize]);
      for (byte[] key : keys.keys) {
        WriteStatus status = store.apply(key, cursor -> cursor.write(0, 0, value, 0));
        if (status != WriteStatus.STORED) {
          throw new IllegalStateException("prefill failed: " + status);
        }
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      store.close();
    }
  }

  /** The baseline: a map holding every key. */
  @State(Scope.Benchmark)
  public static class MapState {
    @Param({"100", "1000"})
    int valueSize;

    ConcurrentHashMap<BaselineKey, byte[]> map;

    @Setup(Level.Trial)
    public void setUp(Keys keys) {
      map = new ConcurrentHashMap<>(2 * KEYS);
      for (byte[] key : keys.keys) {
        map.put(new BaselineKey(key), new byte[valueSize]);
      }
    }
  }

  /** Per-thread position in the key stream, and the buffers a connection would own. */
  @State(Scope.Thread)
  public static class Client {
    int next;
    byte[] outbound;
    byte[] valueBytes;
    KeyOperation<Integer> get;

    @Setup
    public void setUp() {
      outbound = new byte[4096];
      valueBytes = new byte[1000];
      Arrays.fill(valueBytes, (byte) 'v');
      get =
          cursor -> {
            if (!cursor.exists()) {
              return -1;
            }
            cursor.recordAccess();
            int length = cursor.valueLength();
            System.arraycopy(cursor.valueArray(), cursor.valueOffset(), outbound, 0, length);
            return length;
          };
    }

    byte[] nextKey(Keys keys) {
      return keys.keys[keys.stream[next++ & (STREAM - 1)]];
    }
  }

  @Benchmark
  public int get(Keys keys, StoreState state, Client client) {
    return state.store.apply(client.nextKey(keys), client.get);
  }

  @Benchmark
  public WriteStatus set(Keys keys, StoreState state, Client client) {
    return state.store.apply(client.nextKey(keys), state.set);
  }

  @Benchmark
  public int baselineMapGet(Keys keys, MapState state, Client client) {
    byte[] value = state.map.get(new BaselineKey(client.nextKey(keys)));
    System.arraycopy(value, 0, client.outbound, 0, value.length);
    return value.length;
  }

  @Benchmark
  public byte[] baselineMapPut(Keys keys, MapState state, Client client) {
    byte[] copy = Arrays.copyOf(client.valueBytes, state.valueSize);
    return state.map.put(new BaselineKey(client.nextKey(keys)), copy);
  }

  /**
   * A key's bytes as a map key, hashed over the content once: what any byte-keyed map needs, so the
   * baseline pays the wrapper and the hash that the stores pay too.
   */
  static final class BaselineKey {
    private final byte[] bytes;
    private final int hash;

    BaselineKey(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof BaselineKey key
          && hash == key.hash
          && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
