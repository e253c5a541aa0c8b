package dev.tierkit.cdn;

import dev.tierkit.cdn.origin.HealthCheck;
import dev.tierkit.cdn.origin.OriginAddress;
import dev.tierkit.cdn.origin.OriginSet;
import dev.tierkit.cdn.policy.KeyPolicy;
import dev.tierkit.cdn.policy.TtlPolicy;
import dev.tierkit.cdn.store.StoreConfig;
import dev.tierkit.common.cli.CommandLines;
import dev.tierkit.common.cli.CommonOptions;
import dev.tierkit.common.cli.DurationConverter;
import dev.tierkit.common.cli.SizeConverter;
import dev.tierkit.common.config.ConfigException;
import dev.tierkit.common.http.HttpLimits;
import dev.tierkit.common.launch.DaemonLauncher;
import dev.tierkit.common.net.AddressList;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tierkit cdn-edge}: a pull-CDN edge in front of one or more origins, caching by the HTTP
 * rules (RFC 9111), coalescing misses, serving stale when the origin fails, and purging by URL,
 * prefix, host or tag in O(1).
 */
@Command(
    name = "cdn-edge",
    mixinStandardHelpOptions = true,
    versionProvider = CdnVersion.class,
    defaultValueProvider = CdnDefaults.class,
    sortOptions = false,
    description = {
      "A pull-CDN edge: an HTTP caching reverse proxy (RFC 9111) with request coalescing,"
          + " stale-while-revalidate, stale-if-error, ranges and O(1) purges.",
      ""
    })
public final class CdnEdgeCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = {"-o", "--origin"},
      paramLabel = "URL",
      required = true,
      description =
          "An origin to fetch from, http://host[:port]; repeat for standbys (failover order).")
  List<String> origins = new ArrayList<>();

  @Option(
      names = "--origin-balance",
      paramLabel = "MODE",
      defaultValue = "failover",
      description =
          "failover (first healthy origin) or round-robin over healthy origins (default:"
              + " ${DEFAULT-VALUE}).")
  String balance;

  @Option(
      names = "--origin-host-header",
      paramLabel = "HOST",
      description = "Send this Host to origins instead of the client's.")
  String originHostHeader;

  @Option(
      names = "--memory-mb",
      paramLabel = "MB",
      defaultValue = "256",
      description = "Memory tier size in MiB (default: ${DEFAULT-VALUE}).")
  long memoryMb;

  @Option(
      names = "--disk-dir",
      paramLabel = "DIR",
      description =
          "Keep objects on disk too, in DIR; they and purges survive a restart (default: memory"
              + " only).")
  Path diskDir;

  @Option(
      names = "--disk-gb",
      paramLabel = "GB",
      defaultValue = "1",
      description = "Disk tier size in GiB (default: ${DEFAULT-VALUE}).")
  double diskGb;

  @Option(
      names = "--max-object-size",
      paramLabel = "BYTES",
      defaultValue = "32m",
      converter = SizeConverter.class,
      description =
          "Largest object stored; larger ones stream through uncached (default:"
              + " ${DEFAULT-VALUE}).")
  long maxObjectSize;

  @Option(
      names = "--default-ttl",
      paramLabel = "DURATION",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description =
          "Freshness of a cacheable response with no max-age, Expires or Last-Modified (default:"
              + " ${DEFAULT-VALUE}).")
  Duration defaultTtl;

  @Option(
      names = "--min-ttl",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "Least freshness given to a stored response (default: ${DEFAULT-VALUE}).")
  Duration minTtl;

  @Option(
      names = "--max-ttl",
      paramLabel = "DURATION",
      defaultValue = "365d",
      converter = DurationConverter.class,
      description = "Most freshness given to a stored response (default: ${DEFAULT-VALUE}).")
  Duration maxTtl;

  @Option(
      names = "--grace",
      paramLabel = "DURATION",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description =
          "Serve stale this long past freshness when the origin fails, even without"
              + " stale-if-error; never past must-revalidate (default: ${DEFAULT-VALUE}).")
  Duration grace;

  @Option(
      names = "--keep",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description =
          "Keep stale objects this long for revalidation with a 304 (default: ${DEFAULT-VALUE}).")
  Duration keep;

  @Option(
      names = "--sort-query",
      description = "Sort query parameters in cache keys, so ?a=1&b=2 and ?b=2&a=1 are one object.")
  boolean sortQuery;

  @Option(
      names = "--ignore-query-param",
      paramLabel = "NAME",
      description =
          "Leave this query parameter out of cache keys (a trailing * matches a prefix, e.g."
              + " utm_*); repeat for several.")
  List<String> ignoredParams = new ArrayList<>();

  @Option(
      names = "--purge-allow",
      paramLabel = "CIDR",
      description =
          "Networks whose PURGE requests are obeyed; repeat for several (default: loopback)."
              + " The admin token also allows a PURGE.")
  List<String> purgeAllow = new ArrayList<>();

  @Option(
      names = "--health-path",
      paramLabel = "PATH",
      defaultValue = "/",
      description = "Origin health check: GET this path (default: ${DEFAULT-VALUE}).")
  String healthPath;

  @Option(
      names = "--health-interval",
      paramLabel = "DURATION",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Time between checks of an origin; 0 = no checks (default: ${DEFAULT-VALUE}).")
  Duration healthInterval;

  @Option(
      names = "--health-timeout",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description = "A check's time limit (default: ${DEFAULT-VALUE}).")
  Duration healthTimeout;

  @Option(
      names = "--health-rise",
      paramLabel = "N",
      defaultValue = "2",
      description = "Passed checks in a row that bring an origin up (default: ${DEFAULT-VALUE}).")
  int healthRise;

  @Option(
      names = "--health-fall",
      paramLabel = "N",
      defaultValue = "3",
      description = "Failed checks in a row that take an origin down (default: ${DEFAULT-VALUE}).")
  int healthFall;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DURATION",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description = "Origin connect timeout (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(
      names = "--origin-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "Time allowed for an origin's response head, and between two of its body reads"
              + " (default: ${DEFAULT-VALUE}).")
  Duration originTimeout;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "Close a client connection with no request in progress idle this long, or still"
              + " short of a whole request head this long after it opened or its last response"
              + " ended (default: ${DEFAULT-VALUE}).")
  Duration idleTimeout;

  @Option(
      names = "--coalesce-wait",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "How long a request waits for another's fetch of the same object before fetching on"
              + " its own (default: ${DEFAULT-VALUE}).")
  Duration coalesceWait;

  @Option(
      names = "--hit-for-pass",
      paramLabel = "DURATION",
      defaultValue = "120s",
      converter = DurationConverter.class,
      description =
          "How long a URL whose response was not storable skips coalescing (default:"
              + " ${DEFAULT-VALUE}).")
  Duration hitForPass;

  @Option(
      names = "--max-ranges",
      paramLabel = "N",
      defaultValue = "16",
      description =
          "Most ranges answered in one request; more get the whole object (default:"
              + " ${DEFAULT-VALUE}).")
  int maxRanges;

  @Option(
      names = "--max-request-line",
      paramLabel = "BYTES",
      defaultValue = "8192",
      description = "Longest request line; beyond it 414 (default: ${DEFAULT-VALUE}).")
  int maxRequestLine;

  @Option(
      names = "--max-header-size",
      paramLabel = "BYTES",
      defaultValue = "16384",
      description = "Largest request header section; beyond it 431 (default: ${DEFAULT-VALUE}).")
  int maxHeaderSize;

  @Option(
      names = "--max-body-size",
      paramLabel = "BYTES",
      defaultValue = "64m",
      converter = SizeConverter.class,
      description =
          "Largest request body relayed; beyond it 413 (default: ${DEFAULT-VALUE}; 0 = no"
              + " limit).")
  long maxBodySize;

  @Option(
      names = "--max-origin-header-size",
      paramLabel = "BYTES",
      defaultValue = "65536",
      description =
          "Largest origin response header section; beyond it 502 (default: ${DEFAULT-VALUE}).")
  int maxOriginHeaderSize;

  @Option(
      names = "--via-name",
      paramLabel = "NAME",
      defaultValue = "tierkit-cdn-edge",
      description = "This edge's name in Via and Cache-Status (default: ${DEFAULT-VALUE}).")
  String viaName;

  @Override
  public Integer call() throws Exception {
    common.logLevel().apply();
    CdnConfig config = config();
    DaemonLauncher launcher =
        new DaemonLauncher("cdn-edge", common.runtimeConfig(), common.adminConfig());
    return launcher.run(context -> CdnServer.start(context, config));
  }

  CdnConfig config() {
    try {
      List<OriginAddress> addresses = new ArrayList<>();
      for (String o : origins) {
        addresses.add(OriginAddress.parse(o));
      }
      OriginSet.Balance mode;
      switch (balance.trim().toLowerCase(java.util.Locale.ROOT)) {
        case "failover":
          mode = OriginSet.Balance.FAILOVER;
          break;
        case "round-robin":
        case "roundrobin":
          mode = OriginSet.Balance.ROUND_ROBIN;
          break;
        default:
          throw new IllegalArgumentException(
              "--origin-balance must be failover or round-robin, got " + balance);
      }
      if (memoryMb < 1) {
        throw new IllegalArgumentException("--memory-mb must be >= 1, got " + memoryMb);
      }
      if (diskGb <= 0) {
        throw new IllegalArgumentException("--disk-gb must be > 0, got " + diskGb);
      }
      List<String> allow = purgeAllow.isEmpty() ? List.of("127.0.0.0/8", "::1/128") : purgeAllow;
      return new CdnConfig(
          common.bindAddress(),
          addresses,
          mode,
          originHostHeader,
          new HealthCheck(healthPath, healthInterval, healthTimeout, healthRise, healthFall),
          new TtlPolicy(
              defaultTtl.toMillis(),
              minTtl.toMillis(),
              maxTtl.toMillis(),
              grace.toMillis(),
              TtlPolicy.DEFAULTS.heuristicFraction()),
          new KeyPolicy(sortQuery, new LinkedHashSet<>(ignoredParams)),
          new StoreConfig(
              memoryMb << 20,
              diskDir,
              (long) (diskGb * (1L << 30)),
              maxObjectSize,
              keep.toMillis()),
          new HttpLimits(maxRequestLine, maxHeaderSize, maxBodySize),
          AddressList.parse("--purge-allow", allow),
          common.adminConfig().token(),
          connectTimeout,
          originTimeout,
          idleTimeout,
          coalesceWait,
          hitForPass,
          maxRanges,
          maxOriginHeaderSize,
          viaName);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage(), e);
    }
  }

  public static void main(String[] args) {
    System.exit(CommandLines.execute(new CdnEdgeCommand(), args));
  }
}
