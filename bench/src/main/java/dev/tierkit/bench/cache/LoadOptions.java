package dev.tierkit.bench.cache;

import java.time.Duration;
import java.util.Locale;

/**
 * The load generator's settings; see {@link MemcacheLoad} for what each means and its default.
 * Validated here, with messages that name the option.
 */
record LoadOptions(
    String host,
    int port,
    int connections,
    int threads,
    int pipeline,
    double getRatio,
    int minValue,
    int maxValue,
    long keys,
    boolean zipf,
    double zipfExponent,
    Duration duration,
    Duration warmup,
    boolean prefill,
    long loadItems,
    int serverPid,
    int clockTicks,
    long seed,
    Duration fillTimeout) {

  static final String USAGE =
      String.join(
          "\n",
          "usage: MemcacheLoad [options]   (memcached text protocol: get/set, every reply checked)",
          "  --host H            server address (default 127.0.0.1)",
          "  --port P            server port (default 11211)",
          "  --connections N     connections (default 64)",
          "  --threads N         generator threads, connections spread over them (default 1)",
          "  --pipeline D        requests in flight per connection (default 1)",
          "  --get-ratio R       share of gets, the rest are sets (default 0.9)",
          "  --value-min B       smallest value, bytes (default 32)",
          "  --value-max B       largest value, bytes; lengths are uniform in [min,max] (default"
              + " 128)",
          "  --keys N            key space: key:0000000000 .. key:N-1 (default 100000)",
          "  --key-dist D        zipf or uniform (default zipf)",
          "  --zipf S            zipf exponent (default 0.99)",
          "  --duration T        measured time, e.g. 10s, 500ms, 1m (default 10s)",
          "  --warmup T          unmeasured time before it (default 2s)",
          "  --prefill           store every key once before the run, so gets can hit",
          "  --load-items N      instead of a mixed run: store keys 0..N-1 once, as fast as"
              + " possible",
          "  --value-size B      value size for --load-items (default 100)",
          "  --server-pid PID    also report the server's CPU per op from /proc/PID/stat",
          "  --clk-tck N         clock ticks per second of /proc/PID/stat (default 100;"
              + " getconf CLK_TCK)",
          "  --seed N            random seed (default 1)",
          "  --fill-timeout T    bound on a prefill or --load-items phase (default 300s)");

  LoadOptions {
    require(!host.isEmpty(), "--host must not be empty");
    require(port > 0 && port < 65536, "--port must be 1..65535, got " + port);
    require(connections >= 1 && connections <= 10_000, "--connections must be 1..10000");
    require(threads >= 1 && threads <= connections, "--threads must be 1..--connections");
    require(pipeline >= 1 && pipeline <= 4096, "--pipeline must be 1..4096");
    require(getRatio >= 0 && getRatio <= 1, "--get-ratio must be in [0,1], got " + getRatio);
    require(minValue >= 0 && minValue <= maxValue, "--value-min must be 0..--value-max");
    require(maxValue <= 1 << 20, "--value-max / --value-size must be at most 1048576");
    require(keys >= 1 && keys <= 10_000_000_000L, "--keys must be 1..10^10 (ten-digit keys)");
    require(zipfExponent > 0, "--zipf must be positive, got " + zipfExponent);
    require(!duration.isNegative() && !duration.isZero(), "--duration must be positive");
    require(!warmup.isNegative(), "--warmup must not be negative");
    require(loadItems >= 0 && loadItems <= 10_000_000_000L, "--load-items must be 0..10^10");
    require(clockTicks > 0, "--clk-tck must be positive");
  }

  boolean loadMode() {
    return loadItems > 0;
  }

  static LoadOptions parse(String[] args) {
    String host = "127.0.0.1";
    int port = 11211;
    int connections = 64;
    int threads = 1;
    int pipeline = 1;
    double getRatio = 0.9;
    int minValue = 32;
    int maxValue = 128;
    long keys = 100_000;
    boolean zipf = true;
    double exponent = 0.99;
    Duration duration = Duration.ofSeconds(10);
    Duration warmup = Duration.ofSeconds(2);
    boolean prefill = false;
    long loadItems = 0;
    int valueSize = 100;
    int serverPid = 0;
    int clockTicks = 100;
    long seed = 1;
    Duration fillTimeout = Duration.ofSeconds(300);
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--prefill")) {
        prefill = true;
        continue;
      }
      if (option.equals("--help") || option.equals("-h")) {
        throw new UsageException(null);
      }
      if (i + 1 >= args.length) {
        throw new UsageException(option + " needs a value (or is unknown)");
      }
      String value = args[++i];
      try {
        switch (option) {
          case "--host" -> host = value;
          case "--port" -> port = Integer.parseInt(value);
          case "--connections" -> connections = Integer.parseInt(value);
          case "--threads" -> threads = Integer.parseInt(value);
          case "--pipeline" -> pipeline = Integer.parseInt(value);
          case "--get-ratio" -> getRatio = Double.parseDouble(value);
          case "--value-min" -> minValue = Integer.parseInt(value);
          case "--value-max" -> maxValue = Integer.parseInt(value);
          case "--keys" -> keys = Long.parseLong(value);
          case "--key-dist" -> {
            switch (value.toLowerCase(Locale.ROOT)) {
              case "zipf" -> zipf = true;
              case "uniform" -> zipf = false;
              default -> throw new UsageException("--key-dist must be zipf or uniform");
            }
          }
          case "--zipf" -> exponent = Double.parseDouble(value);
          case "--duration" -> duration = parseDuration(value);
          case "--warmup" -> warmup = parseDuration(value);
          case "--load-items" -> loadItems = Long.parseLong(value);
          case "--value-size" -> valueSize = Integer.parseInt(value);
          case "--server-pid" -> serverPid = Integer.parseInt(value);
          case "--clk-tck" -> clockTicks = Integer.parseInt(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--fill-timeout" -> fillTimeout = parseDuration(value);
          default -> throw new UsageException("unknown option " + option);
        }
      } catch (NumberFormatException e) {
        throw new UsageException(option + ": not a number: " + value);
      }
    }
    if (loadItems > 0) {
      minValue = valueSize;
      maxValue = valueSize;
      keys = loadItems;
    }
    try {
      return new LoadOptions(
          host,
          port,
          connections,
          threads,
          pipeline,
          getRatio,
          minValue,
          maxValue,
          keys,
          zipf,
          exponent,
          duration,
          warmup,
          prefill,
          loadItems,
          serverPid,
          clockTicks,
          seed,
          fillTimeout);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    if (t.endsWith("s")) {
      return Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
    }
    if (t.endsWith("m")) {
      return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)) * 60);
    }
    return Duration.ofMillis((long) (Double.parseDouble(t) * 1000));
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** A usage mistake: the message names the option; null asks for the usage text alone. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
