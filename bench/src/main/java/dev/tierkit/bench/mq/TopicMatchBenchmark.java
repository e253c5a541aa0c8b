package dev.tierkit.bench.mq;

import dev.tierkit.bench.cache.ZipfGenerator;
import dev.tierkit.mq.broker.ExchangeType;
import dev.tierkit.mq.broker.RoutingTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Question: what does routing one message through a topic exchange cost, with 10, 1000 and 100000
 * bindings, when two event loops route at once? Patterns are three words from a 200-word
 * vocabulary: 70% exact ({@code w1.w2.w3}), 20% with a {@code *} in one position, 10% with a {@code
 * #} ({@code w1.#}, {@code #.w3} or {@code w1.#.w3}); each binding has its own destination. Keys
 * are three words, half of them an exact pattern (chosen with a Zipf skew, s = 0.99), half random,
 * 4096 precomputed per thread.
 *
 * <p>Baselines: {@code exactKeyHashMap} looks the same key up in a {@link HashMap} of the exact
 * patterns (the floor: what a direct exchange costs at best, one hash of the key and one probe);
 * {@code topicRouteUnderReadLock} is the same route inside a shared {@link
 * ReentrantReadWriteLock}'s read lock, the scheme the table does not use, to show what lock-free
 * reads save when two threads route at once.
 *
 * <p>Run: {@code bench/jmh TopicMatchBenchmark} (two threads are fixed by {@code @Threads(2)}).
 *
 * <p>What could make the numbers lie: keys cycle through 4096 precomputed strings, so their hash
 * codes are cached and never computed here, while a real broker decodes a fresh key per message
 * (the trie splits the key into words each time, which is measured); with 10 and 1000 bindings the
 * trie stays in cache; the output list is reused and cleared, where a broker would hand it on.
 * Every key has three words, so {@code #} patterns never meet long keys. With 100000 bindings a key
 * matches about 35 destinations (mostly through {@code w1.#} and {@code #.w3}), so that case
 * measures collecting and deduplicating 35 results against a baseline that returns one. On a 2-core
 * machine shared with other work the two threads may not run in parallel: compare against the
 * baseline of the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class TopicMatchBenchmark {
  private static final int KEYS = 4096;
  private static final int VOCABULARY = 200;

  /** The bindings, shared by both threads as an exchange is shared by event loops. */
  @State(Scope.Benchmark)
  public static class Table {
    @Param({"10", "1000", "100000"})
    int bindings;

    RoutingTable<Integer> topic;
    Map<String, Integer> exact;
    List<String> exactPatterns;
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    @Setup
    public void setUp() {
      SplittableRandom random = new SplittableRandom(42);
      topic = RoutingTable.create(ExchangeType.TOPIC);
      exact = new HashMap<>();
      exactPatterns = new ArrayList<>();
      for (int i = 0; i < bindings; i++) {
        String a = word(random);
        String b = word(random);
        String c = word(random);
        int kind = random.nextInt(100);
        String pattern;
        if (kind < 70) {
          pattern = a + "." + b + "." + c;
          exact.put(pattern, i);
          exactPatterns.add(pattern);
        } else if (kind < 90) {
          int star = random.nextInt(3);
          pattern =
              (star == 0 ? "*" : a) + "." + (star == 1 ? "*" : b) + "." + (star == 2 ? "*" : c);
        } else {
          int hash = random.nextInt(3);
          pattern = hash == 0 ? a + ".#" : hash == 1 ? "#." + c : a + ".#." + c;
        }
        topic.bind(pattern, Map.of(), i);
      }
      if (exactPatterns.isEmpty()) {
        exactPatterns.add("w0.w0.w0");
      }
    }
  }

  /** One event loop's key stream and output list. */
  @State(Scope.Thread)
  public static class Keys {
    String[] keys;
    int next;
    final List<Integer> out = new ArrayList<>();

    @Setup
    public void setUp(Table table) {
      SplittableRandom random = new SplittableRandom(Thread.currentThread().getId());
      ZipfGenerator zipf = new ZipfGenerator(table.exactPatterns.size(), 0.99, random.nextLong());
      keys = new String[KEYS];
      for (int i = 0; i < KEYS; i++) {
        keys[i] =
            random.nextBoolean()
                ? table.exactPatterns.get((int) zipf.next())
                : word(random) + "." + word(random) + "." + word(random);
      }
    }

    String nextKey() {
      String key = keys[next];
      next = (next + 1) & (KEYS - 1);
      return key;
    }
  }

  private static String word(SplittableRandom random) {
    return "w" + random.nextInt(VOCABULARY);
  }

  @Benchmark
  public Integer exactKeyHashMap(Table table, Keys keys) {
    return table.exact.get(keys.nextKey());
  }

  @Benchmark
  public int topicRoute(Table table, Keys keys) {
    keys.out.clear();
    table.topic.route(keys.nextKey(), null, keys.out);
    return keys.out.size();
  }

  @Benchmark
  public int topicRouteUnderReadLock(Table table, Keys keys) {
    keys.out.clear();
    ReentrantReadWriteLock.ReadLock read = table.lock.readLock();
    read.lock();
    try {
      table.topic.route(keys.nextKey(), null, keys.out);
    } finally {
      read.unlock();
    }
    return keys.out.size();
  }
}
