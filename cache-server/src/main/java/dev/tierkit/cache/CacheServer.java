package dev.tierkit.cache;

import dev.tierkit.cache.protocol.CacheMetrics;
import dev.tierkit.cache.protocol.MemcacheInitializer;
import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.CacheStore;
import dev.tierkit.cache.store.StoreConfig;
import dev.tierkit.cache.store.StoreStats;
import dev.tierkit.common.launch.Daemon;
import dev.tierkit.common.launch.DaemonContext;
import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.runtime.DaemonRuntime;
import dev.tierkit.common.runtime.Listener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The cache daemon: one memcached listener (named {@code memcached}) on the shared runtime, over
 * one store, with a background sweeper reclaiming expired items and the store's figures exported to
 * {@code /metrics}. Embeddable: {@link #start} binds and returns; the launcher drains the runtime
 * and then calls {@link #close()}.
 */
public final class CacheServer implements Daemon {
  /** The name of the memcached listener (tests look its port up by it). */
  public static final String LISTENER = "memcached";

  private final CacheStore store;
  private final Listener listener;
  private final StoreSweeper sweeper;

  private CacheServer(CacheStore store, Listener listener, StoreSweeper sweeper) {
    this.store = store;
    this.listener = listener;
    this.sweeper = sweeper;
  }

  /** Creates the store and binds the memcached listener on {@code context}'s runtime. */
  public static CacheServer start(DaemonContext context, CacheConfig config, CacheClock clock) {
    DaemonRuntime runtime = context.runtime();
    MetricRegistry registry = context.metrics();
    CacheStore store = CacheStore.create(config.store(), clock);
    try {
      registerStoreMetrics(registry, store);
      ProcessInfo info = new ProcessInfo(clock.nowSeconds(), runtime, settings(config, runtime));
      MemcacheInitializer protocol =
          new MemcacheInitializer(
              store, config.protocol(), info, new CacheMetrics(registry), clock);
      Listener listener = runtime.bindTcp(LISTENER, config.address(), protocol);
      return new CacheServer(store, listener, new StoreSweeper(store));
    } catch (RuntimeException | Error e) {
      store.close();
      throw e;
    }
  }

  private static Map<String, String> settings(CacheConfig config, DaemonRuntime runtime) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("tcpport", Integer.toString(config.address().getPort()));
    settings.put("udpport", "0");
    settings.put("inter", config.address().getAddress().getHostAddress());
    settings.put("shards", Integer.toString(config.store().shards()));
    settings.put("transport", runtime.transport().cliName());
    return settings;
  }

  private static void registerStoreMetrics(MetricRegistry registry, CacheStore store) {
    gauge(
        registry, store, "tierkit_cache_items", "Live items (curr_items).", StoreStats::currItems);
    gauge(
        registry,
        store,
        "tierkit_cache_item_bytes",
        "Bytes of live items: key, value and header (bytes).",
        StoreStats::bytes);
    gauge(
        registry,
        store,
        "tierkit_cache_memory_reserved_bytes",
        "Item memory taken from the -m budget (pages and large items).",
        StoreStats::memoryReserved);
    StoreConfig config = store.config();
    registry.gauge(
        "tierkit_cache_limit_bytes",
        "The -m memory bound (limit_maxbytes).",
        () -> config.memoryBytes());
    counter(
        registry,
        store,
        "tierkit_cache_items_stored_total",
        "Items stored since start (total_items).",
        StoreStats::totalItems);
    counter(
        registry,
        store,
        "tierkit_cache_evictions_total",
        "Live items evicted to make room (evictions).",
        StoreStats::evictions);
    counter(
        registry,
        store,
        "tierkit_cache_reclaimed_total",
        "Expired or flushed items reclaimed (reclaimed).",
        StoreStats::reclaimed);
    counter(
        registry,
        store,
        "tierkit_cache_out_of_memory_total",
        "Writes refused for lack of memory.",
        StoreStats::outOfMemory);
  }

  private static void gauge(
      MetricRegistry registry,
      CacheStore store,
      String name,
      String help,
      ToLongFunction<StoreStats> field) {
    registry.gauge(name, help, () -> field.applyAsLong(store.stats()));
  }

  private static void counter(
      MetricRegistry registry,
      CacheStore store,
      String name,
      String help,
      ToLongFunction<StoreStats> field) {
    registry.counterFunction(name, help, () -> field.applyAsLong(store.stats()));
  }

  /** The store behind the listener. */
  public CacheStore store() {
    return store;
  }

  /** The memcached listener. */
  public Listener listener() {
    return listener;
  }

  @Override
  public void close() {
    sweeper.close();
    store.close();
  }
}
