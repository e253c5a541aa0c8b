package dev.tierkit.dist.demo.app;

import dev.tierkit.dist.demo.HostPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.transcoders.SerializingTranscoder;

/**
 * The demo's view of cache-server, through spymemcached over the text protocol.
 *
 * <p>spymemcached reconnects to a restarted server by itself, in the background; what this class
 * adds is a short operation timeout and {@link FailureMode#Cancel}, so that while the server is
 * down each call fails within about {@link #OP_TIMEOUT} with a {@link CacheUnavailableException}
 * instead of queueing behind the outage.
 *
 * <p>Strings are stored as UTF-8 and byte arrays as they are (compression is off), so any memcached
 * client sees the same bytes.
 */
public final class DemoCache implements AutoCloseable {
  /** How long one get or set may take before the cache counts as unavailable. */
  public static final Duration OP_TIMEOUT = Duration.ofSeconds(1);

  private final MemcachedClient client;
  private final SerializingTranscoder transcoder = new SerializingTranscoder();

  private DemoCache(MemcachedClient client) {
    this.client = client;
    transcoder.setCompressionThreshold(Integer.MAX_VALUE);
  }

  /** Connects to cache-server at {@code address}; the connection is made in the background. */
  public static DemoCache connect(HostPort address) {
    ConnectionFactoryBuilder factory =
        new ConnectionFactoryBuilder()
            .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
            .setOpTimeout(OP_TIMEOUT.toMillis())
            .setFailureMode(FailureMode.Cancel)
            // A restarted cache is found again within two seconds, not spymemcached's 30.
            .setMaxReconnectDelay(2)
            .setDaemon(true);
    try {
      return new DemoCache(
          new MemcachedClient(
              factory.build(), List.of(new InetSocketAddress(address.host(), address.port()))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the memcached client for " + address, e);
    }
  }

  /** The string under {@code key}, or empty when there is none. */
  public Optional<String> getString(String key) throws CacheUnavailableException {
    Object value = get(key);
    return value instanceof String s ? Optional.of(s) : Optional.empty();
  }

  /** The bytes under {@code key}, or empty when there are none. */
  public Optional<byte[]> getBytes(String key) throws CacheUnavailableException {
    Object value = get(key);
    return value instanceof byte[] b ? Optional.of(b) : Optional.empty();
  }

  private Object get(String key) throws CacheUnavailableException {
    try {
      return client.asyncGet(key, transcoder).get(OP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheUnavailableException("interrupted reading " + key, e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new CacheUnavailableException("cache get " + key + " failed: " + e, e);
    }
  }

  /** Stores a string under {@code key} for {@code ttl}. */
  public void set(String key, Duration ttl, String value) throws CacheUnavailableException {
    store(key, ttl, value);
  }

  /** Stores bytes under {@code key} for {@code ttl}. */
  public void set(String key, Duration ttl, byte[] value) throws CacheUnavailableException {
    store(key, ttl, value);
  }

  private void store(String key, Duration ttl, Object value) throws CacheUnavailableException {
    // memcached reads expirations above 30 days as Unix times; the demo's TTLs stay well below.
    int seconds = (int) Math.min(ttl.toSeconds(), 30L * 24 * 3600);
    boolean stored;
    try {
      stored =
          client
              .set(key, seconds, value, transcoder)
              .get(OP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheUnavailableException("interrupted storing " + key, e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new CacheUnavailableException("cache set " + key + " failed: " + e, e);
    }
    if (!stored) {
      throw new CacheUnavailableException("cache refused to store " + key, null);
    }
  }

  @Override
  public void close() {
    client.shutdown(1, TimeUnit.SECONDS);
  }
}
