package dev.tierkit.cache;

import dev.tierkit.cache.protocol.ProtocolConfig;
import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.EvictionPolicy;
import dev.tierkit.cache.store.StoreConfig;
import dev.tierkit.common.cli.CommandLines;
import dev.tierkit.common.cli.CommonOptions;
import dev.tierkit.common.cli.LogLevel;
import dev.tierkit.common.config.ConfigException;
import dev.tierkit.common.launch.DaemonLauncher;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * {@code tierkit cache-server}: a memcached-protocol cache that takes memcached's own flags ({@code
 * -p -l -c -t -m -M -I -U -u -v}) besides tierkit's long options, so an init script written for
 * memcached runs it unchanged.
 *
 * <p>Where memcached's short names clash with tierkit's common options, memcached wins: {@code -c}
 * is the connection limit (as in memcached, default 1024), so the YAML file option is {@code
 * --config} only; cache-server has no structured settings and refuses one.
 */
@Command(
    name = "cache-server",
    mixinStandardHelpOptions = true,
    versionProvider = CacheVersion.class,
    defaultValueProvider = CacheDefaults.class,
    modelTransformer = CacheServerCommand.MemcachedNames.class,
    sortOptions = false,
    description = {
      "A memcached-compatible cache: text and meta protocol, memory bounded by -m, LRU eviction.",
      ""
    })
public final class CacheServerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(CacheServerCommand.class);

  /** memcached's default for {@code -c}. */
  static final int DEFAULT_CONNECTION_LIMIT = 1024;

  @Mixin CommonOptions common;

  @Option(
      names = {"-m", "--memory-mb", "--memory-limit"},
      paramLabel = "MB",
      defaultValue = "64",
      description = "Memory for items in megabytes (default: ${DEFAULT-VALUE}).")
  long memoryMb;

  @Option(
      names = {"-I", "--max-item-size"},
      paramLabel = "SIZE",
      defaultValue = "1m",
      converter = ByteSizeConverter.class,
      description =
          "Largest item (key, value and overhead): bytes, or with k or m (default:"
              + " ${DEFAULT-VALUE}).")
  int maxItemSize;

  @Option(
      names = {"-M", "--disable-evictions"},
      description = "Answer SERVER_ERROR out of memory instead of evicting when memory is full.")
  boolean disableEvictions;

  @Option(
      names = "--eviction",
      paramLabel = "POLICY",
      defaultValue = "lru",
      converter = EvictionConverter.class,
      completionCandidates = EvictionConverter.class,
      description =
          "Eviction policy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}, segmented LRU"
              + " with lazy promotion).")
  EvictionPolicy eviction;

  @Option(
      names = "--shards",
      paramLabel = "N",
      defaultValue = "16",
      description =
          "Independently locked store shards, a power of two (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(
      names = "--max-line-length",
      paramLabel = "BYTES",
      defaultValue = "2048",
      description =
          "Longest command line without a newline; longer closes the connection, as memcached"
              + " does (default: ${DEFAULT-VALUE}).")
  int maxLineLength;

  @Option(
      names = "--max-multiget-line",
      paramLabel = "SIZE",
      defaultValue = "1m",
      converter = ByteSizeConverter.class,
      description =
          "Longest get/gets line, which memcached lets grow without bound (default:"
              + " ${DEFAULT-VALUE}).")
  int maxMultigetLine;

  @Option(
      names = {"-U", "--udp-port"},
      paramLabel = "PORT",
      defaultValue = "0",
      description = "memcached's UDP port; only 0 (off, memcached's default too) is supported.")
  int udpPort;

  @Option(
      names = {"-u", "--user"},
      paramLabel = "USER",
      description =
          "Accepted for memcached compatibility; tierkit runs as the user that starts it.")
  String user;

  @Option(
      names = {"-d", "--daemon"},
      description =
          "Not supported: tierkit stays in the foreground; run it under a service manager.")
  boolean daemonize;

  @Option(
      names = "-v",
      description = "Verbose (-vv more): the same as --log-level debug (-v) or trace (-vv).")
  boolean[] verbose = new boolean[0];

  @Override
  public Integer call() throws Exception {
    LogLevel level = common.logLevel();
    if (verbose.length == 1) {
      level = LogLevel.DEBUG;
    } else if (verbose.length > 1) {
      level = LogLevel.TRACE;
    }
    level.apply();
    if (daemonize) {
      throw new ConfigException(
          "-d/--daemon: tierkit does not daemonize; run it in the foreground under a service"
              + " manager (systemd, runit, a container)");
    }
    if (udpPort != 0) {
      throw new ConfigException(
          "-U/--udp-port " + udpPort + ": the UDP protocol is not supported; use -U 0");
    }
    if (common.configFile().isPresent()) {
      throw new ConfigException(
          "--config: cache-server has no structured settings; every setting is a flag");
    }
    if (user != null) {
      log.warn("-u {} ignored: tierkit does not change user; start it as the user to run as", user);
    }
    CacheConfig config = config();
    checkHeap(config.store().memoryBytes(), Runtime.getRuntime().maxMemory());
    DaemonLauncher launcher =
        new DaemonLauncher("cache-server", common.runtimeConfig(), common.adminConfig());
    return launcher.run(context -> CacheServer.start(context, config, CacheClock.system()));
  }

  /**
   * Items live on the JVM heap, so the heap must hold {@code -m} plus the store's index and the
   * daemon's own working memory. Refuses to start when it cannot even hold {@code -m}; warns when
   * the margin is thin.
   */
  static void checkHeap(long memoryBytes, long maxHeap) {
    long mb = 1 << 20;
    long comfortable = memoryBytes + memoryBytes / 4 + 96 * mb;
    if (maxHeap < memoryBytes + 32 * mb) {
      throw new ConfigException(
          "-m/--memory-mb "
              + memoryBytes / mb
              + " does not fit this JVM's heap of "
              + maxHeap / mb
              + " MB; give the JVM -Xmx"
              + (comfortable + mb - 1) / mb
              + "m (TIERKIT_JAVA_OPTS; see the README for the defaults to keep)");
    }
    if (maxHeap < comfortable) {
      log.warn(
          "JVM heap {} MB is tight for -m {}: the index and working memory need about {} MB more;"
              + " consider -Xmx{}m (TIERKIT_JAVA_OPTS)",
          maxHeap / mb,
          memoryBytes / mb,
          (comfortable - memoryBytes) / mb,
          (comfortable + mb - 1) / mb);
    }
  }

  CacheConfig config() {
    if (memoryMb < 1 || memoryMb > 1L << 20) {
      throw new ConfigException("-m/--memory-mb must be between 1 and 1048576, got " + memoryMb);
    }
    try {
      StoreConfig store =
          new StoreConfig(memoryMb << 20, maxItemSize, eviction, !disableEvictions, shards);
      ProtocolConfig protocol =
          new ProtocolConfig(
              maxLineLength, maxMultigetLine, ProtocolConfig.DEFAULT_MAX_KEY_LENGTH, maxItemSize);
      return new CacheConfig(common.bindAddress(), store, protocol);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /** Runs cache-server as a process on its own. */
  public static void main(String[] args) {
    System.exit(CommandLines.execute(new CacheServerCommand(), args));
  }

  /**
   * Gives the common options memcached's short names: {@code -l} for {@code --bind}, {@code -c} for
   * {@code --max-connections} (default 1024, memcached's), and leaves {@code --config} without a
   * short name.
   */
  static final class MemcachedNames implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      rename(spec, "--config", List.of("--config"), null);
      rename(
          spec,
          "--max-connections",
          List.of("-c", "--max-connections", "--conn-limit"),
          Integer.toString(DEFAULT_CONNECTION_LIMIT));
      rename(spec, "--bind", List.of("-l", "--listen", "--bind"), null);
      return spec;
    }

    private static void rename(
        CommandSpec spec, String longName, List<String> names, String defaultValue) {
      OptionSpec option = spec.findOption(longName);
      if (option == null) {
        throw new IllegalStateException("common option " + longName + " is missing");
      }
      OptionSpec.Builder builder = option.toBuilder().names(names.toArray(String[]::new));
      if (defaultValue != null) {
        builder.defaultValue(defaultValue);
      }
      spec.remove(option);
      spec.addOption(builder.build());
    }
  }
}
