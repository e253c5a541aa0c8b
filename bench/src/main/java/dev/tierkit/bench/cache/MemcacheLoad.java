package dev.tierkit.bench.cache;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A pipelining load generator for memcached's text protocol, used to compare tierkit's cache-server
 * with memcached on the same load ({@code bench/e2e/cache-vs-memcached.sh}).
 *
 * <p>A mixed run opens {@code --connections} connections (default 64) spread over {@code --threads}
 * selector threads (default 1), keeps {@code --pipeline} requests in flight on each (default 1: a
 * reply lets the connection send the next request), draws gets and sets 90/10 on keys from a
 * zipf(0.99) or uniform distribution over {@code --keys} keys, with values uniform in [32,128]
 * bytes, runs an unmeasured warm-up, then measures for {@code --duration}. {@code --prefill} stores
 * every key first so that gets can hit. {@code --load-items N --value-size S} instead stores N
 * items of S bytes once, as fast as the pipeline allows (32 in flight per connection at least), for
 * RSS-per-item measurements. Every reply is checked (see {@link LoadConnection}); the report gives
 * ops/s, hits, misses, errors, latency percentiles, the generator's own CPU and, with {@code
 * --server-pid}, the server's CPU per operation over exactly the measured window. The last line,
 * {@code RESULT key=value ...}, is for scripts. Exit status: 0, 1 when any reply was wrong or a
 * connection failed, 2 for a usage mistake.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.tierkit.bench.cache.MemcacheLoad --port
 * 11211 --prefill --duration 10s} ({@code --help} lists every option).
 *
 * <p>What could make the numbers lie: the generator and the server share the machine's cores, so a
 * generator that needs a whole core caps the server (compare the generator's CPU per op with the
 * server's, and its ops/s against memcached's with memcslap); the loop is closed, so latency is
 * service time under this concurrency and not what an open-loop arrival process would see
 * (coordinated omission); timestamps are taken once per selector round, so latency includes the
 * time the generator spends settling the other replies of that round; and value bytes are a
 * repeating pattern, which only matters to a server that compresses.
 */
public final class MemcacheLoad {
  private MemcacheLoad() {}

  public static void main(String[] args) throws Exception {
    LoadOptions options;
    try {
      options = LoadOptions.parse(args);
    } catch (LoadOptions.UsageException e) {
      if (e.getMessage() == null) {
        System.out.println(LoadOptions.USAGE);
        System.exit(0);
      }
      System.err.println("MemcacheLoad: " + e.getMessage() + " (--help lists the options)");
      System.exit(2);
      return;
    }
    System.exit(run(options));
  }

  static int run(LoadOptions options) throws Exception {
    List<LoadWorker> workers = new ArrayList<>();
    for (int t = 0; t < options.threads(); t++) {
      workers.add(new LoadWorker(options, options.seed() * 1_000_003L + t));
    }
    List<LoadConnection> connections = new ArrayList<>();
    ValuePattern values = new ValuePattern(options.maxValue());
    int fillDepth = Math.max(options.pipeline(), 32);
    int depth = options.loadMode() || options.prefill() ? fillDepth : options.pipeline();
    InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
    try {
      for (int i = 0; i < options.connections(); i++) {
        SocketChannel channel = SocketChannel.open();
        channel.socket().connect(address, 5_000);
        channel.socket().setTcpNoDelay(true);
        LoadConnection c =
            new LoadConnection(channel, values, options.minValue(), options.maxValue(), depth);
        connections.add(c);
        workers.get(i % workers.size()).add(c);
      }
    } catch (IOException e) {
      System.err.println("MemcacheLoad: cannot connect to " + address + ": " + e.getMessage());
      return 1;
    }
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(
        Locale.ROOT,
        "MemcacheLoad %s:%d  connections=%d threads=%d  (this generator and the server share"
            + " this machine's %d cores)%n",
        options.host(),
        options.port(),
        options.connections(),
        options.threads(),
        cores);
    ExecutorService pool = Executors.newFixedThreadPool(options.threads());
    try {
      if (options.loadMode()) {
        return load(options, workers, connections, pool);
      }
      return mixed(options, workers, connections, pool);
    } finally {
      pool.shutdownNow();
      for (LoadWorker w : workers) {
        w.close();
      }
    }
  }

  private static int load(
      LoadOptions options,
      List<LoadWorker> workers,
      List<LoadConnection> connections,
      ExecutorService pool)
      throws Exception {
    Cpu cpu = Cpu.now(options);
    long start = System.nanoTime();
    LoadStats stats = fill(options, workers, connections, options.maxValue(), pool);
    double seconds = (System.nanoTime() - start) / 1e9;
    Cpu used = Cpu.now(options).minus(cpu);
    System.out.printf(
        Locale.ROOT,
        "load: %d items of %d bytes (keys %d bytes) in %.2f s = %.0f items/s; stored %d,"
            + " errors %d%n",
        options.loadItems(),
        options.maxValue(),
        ValuePattern.KEY_LENGTH,
        seconds,
        stats.sets / seconds,
        stats.stored,
        stats.errors);
    printErrors(stats);
    System.out.printf(
        Locale.ROOT,
        "RESULT mode=load items=%d value_size=%d seconds=%.3f items_per_s=%.0f stored=%d"
            + " errors=%d%s%n",
        options.loadItems(),
        options.maxValue(),
        seconds,
        stats.sets / seconds,
        stats.stored,
        stats.errors,
        used.resultFields(stats.sets));
    return stats.errors == 0 && stats.stored == options.loadItems() ? 0 : 1;
  }

  private static int mixed(
      LoadOptions options,
      List<LoadWorker> workers,
      List<LoadConnection> connections,
      ExecutorService pool)
      throws Exception {
    System.out.printf(
        Locale.ROOT,
        "mix: %.0f%% get / %.0f%% set  values %d..%d bytes  keys %d %s  pipeline %d  warmup %.1f"
            + " s  measured %.1f s%n",
        options.getRatio() * 100,
        (1 - options.getRatio()) * 100,
        options.minValue(),
        options.maxValue(),
        options.keys(),
        options.zipf() ? "zipf(" + options.zipfExponent() + ")" : "uniform",
        options.pipeline(),
        options.warmup().toMillis() / 1000.0,
        options.duration().toMillis() / 1000.0);
    long prefillErrors = 0;
    if (options.prefill()) {
      long start = System.nanoTime();
      LoadStats prefill = fill(options, workers, connections, 0, pool);
      prefillErrors = prefill.errors;
      System.out.printf(
          Locale.ROOT,
          "prefill: %d keys stored in %.2f s, errors %d%n",
          prefill.stored,
          (System.nanoTime() - start) / 1e9,
          prefill.errors);
      printErrors(prefill);
    }
    LoadWorker.Control control = new LoadWorker.Control();
    List<Future<LoadStats>> results = new ArrayList<>();
    for (LoadWorker w : workers) {
      results.add(pool.submit(() -> w.mix(control)));
    }
    Thread.sleep(options.warmup().toMillis());
    Cpu before = Cpu.now(options);
    long start = System.nanoTime();
    control.measuring = true;
    Thread.sleep(options.duration().toMillis());
    control.measuring = false;
    double seconds = (System.nanoTime() - start) / 1e9;
    Cpu used = Cpu.now(options).minus(before);
    control.stopping = true;
    LoadStats stats = merge(results);
    long ops = stats.ops();
    System.out.printf(
        Locale.ROOT,
        "ops: %d in %.2f s = %.0f ops/s   gets %d (hits %d, misses %d, hit ratio %.3f)  sets %d"
            + " (stored %d)  errors %d%n",
        ops,
        seconds,
        ops / seconds,
        stats.gets,
        stats.hits,
        stats.misses,
        stats.gets == 0 ? 0.0 : (double) stats.hits / stats.gets,
        stats.sets,
        stats.stored,
        stats.errors);
    LatencyHistogram h = stats.latency;
    System.out.printf(
        Locale.ROOT,
        "latency us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
        h.quantile(0.5) / 1e3,
        h.quantile(0.9) / 1e3,
        h.quantile(0.99) / 1e3,
        h.quantile(0.999) / 1e3,
        h.max() / 1e3);
    System.out.println(used.describe(ops, options.threads()));
    printErrors(stats);
    System.out.printf(
        Locale.ROOT,
        "RESULT mode=mixed ops=%d seconds=%.3f ops_per_s=%.0f gets=%d hits=%d misses=%d sets=%d"
            + " errors=%d prefill_errors=%d p50_us=%.1f p99_us=%.1f p999_us=%.1f%s%n",
        ops,
        seconds,
        ops / seconds,
        stats.gets,
        stats.hits,
        stats.misses,
        stats.sets,
        stats.errors,
        prefillErrors,
        h.quantile(0.5) / 1e3,
        h.quantile(0.99) / 1e3,
        h.quantile(0.999) / 1e3,
        used.resultFields(ops));
    return stats.errors == 0 && prefillErrors == 0 ? 0 : 1;
  }

  private static LoadStats fill(
      LoadOptions options,
      List<LoadWorker> workers,
      List<LoadConnection> connections,
      int valueLength,
      ExecutorService pool)
      throws Exception {
    for (int i = 0; i < connections.size(); i++) {
      connections.get(i).nextFillKey = i;
    }
    long deadline = System.nanoTime() + options.fillTimeout().toNanos();
    int depth = Math.max(options.pipeline(), 32);
    List<Future<LoadStats>> results = new ArrayList<>();
    for (LoadWorker w : workers) {
      Callable<LoadStats> task = () -> w.fill(options.keys(), valueLength, depth, deadline);
      results.add(pool.submit(task));
    }
    return merge(results);
  }

  private static LoadStats merge(List<Future<LoadStats>> results)
      throws InterruptedException, ExecutionException {
    LoadStats all = new LoadStats();
    for (Future<LoadStats> f : results) {
      all.add(f.get());
    }
    return all;
  }

  private static void printErrors(LoadStats stats) {
    if (stats.firstError != null) {
      System.out.println("first error: " + stats.firstError);
    }
  }

  /** CPU time of this process and, when known, of the server, in microseconds. */
  private record Cpu(long selfMicros, long serverMicros, LoadOptions options) {
    static Cpu now(LoadOptions options) throws IOException {
      long self =
          ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                  .getProcessCpuTime()
              / 1000;
      long server = -1;
      if (options.serverPid() > 0) {
        server = serverTicks(options.serverPid()) * 1_000_000L / options.clockTicks();
      }
      return new Cpu(self, server, options);
    }

    Cpu minus(Cpu earlier) {
      return new Cpu(
          selfMicros - earlier.selfMicros,
          serverMicros < 0 ? -1 : serverMicros - earlier.serverMicros,
          options);
    }

    String describe(long ops, int threads) {
      String self =
          String.format(
              Locale.ROOT,
              "generator cpu: %.2f us/op (%d thread%s)",
              ops == 0 ? 0.0 : (double) selfMicros / ops,
              threads,
              threads == 1 ? "" : "s");
      if (serverMicros < 0) {
        return self;
      }
      return self
          + String.format(
              Locale.ROOT,
              "   server cpu: %.2f us/op (pid %d, /proc utime+stime, %d ticks/s)",
              ops == 0 ? 0.0 : (double) serverMicros / ops,
              options.serverPid(),
              options.clockTicks());
    }

    String resultFields(long ops) {
      double perOp = ops == 0 ? 0.0 : (double) selfMicros / ops;
      String fields = String.format(Locale.ROOT, " gen_cpu_us_per_op=%.3f", perOp);
      if (serverMicros >= 0) {
        fields +=
            String.format(
                Locale.ROOT,
                " server_cpu_us=%d server_cpu_us_per_op=%.3f",
                serverMicros,
                ops == 0 ? 0.0 : (double) serverMicros / ops);
      }
      return fields;
    }

    /** utime + stime of a process, in clock ticks: fields 14 and 15 of /proc/PID/stat. */
    private static long serverTicks(int pid) throws IOException {
      String stat =
          Files.readString(
              Path.of("/proc", Integer.toString(pid), "stat"), StandardCharsets.US_ASCII);
      // the command name (field 2) may hold spaces and parentheses: count from the last ')'
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
  }
}
