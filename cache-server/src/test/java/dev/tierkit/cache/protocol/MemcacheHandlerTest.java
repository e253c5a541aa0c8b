package dev.tierkit.cache.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.cache.store.CacheStore;
import dev.tierkit.cache.store.EvictionPolicy;
import dev.tierkit.cache.store.KeyOperation;
import dev.tierkit.cache.store.StoreConfig;
import dev.tierkit.cache.store.StoreStats;
import dev.tierkit.common.testing.CodecTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The connection's behaviour: batching, ordering, closing, and surviving failures. */
@CodecTest
class MemcacheHandlerTest {
  @Test
  void tenThousandPipelinedCommandsAreAnsweredInOrderWithOneFlush() {
    try (MemcacheConnection c = new MemcacheConnection()) {
      StringBuilder request = new StringBuilder();
      StringBuilder expected = new StringBuilder();
      for (int i = 0; i < 10_000; i++) {
        request.append("set k").append(i).append(" 0 0 1\r\nx\r\nget k").append(i).append("\r\n");
        expected.append("STORED\r\nVALUE k").append(i).append(" 0 1\r\nx\r\nEND\r\n");
      }
      c.flushes = 0;
      assertThat(c.send(request.toString())).isEqualTo(expected.toString());
      assertThat(c.flushes).isEqualTo(1);
    }
  }

  @Test
  void quitClosesAfterEarlierRepliesAreWritten() {
    try (MemcacheConnection c = new MemcacheConnection()) {
      assertThat(c.send("version\r\nquit\r\nversion\r\n")).isEqualTo("VERSION 1.6.21-tierkit\r\n");
      assertThat(c.channel.isOpen()).isFalse();
    }
  }

  @Test
  void binaryProtocolConnectionIsClosedWithoutReply() {
    try (MemcacheConnection c = new MemcacheConnection()) {
      assertThat(c.send(new byte[] {(byte) 0x80, 0x0a, 0, 0})).isEmpty();
      assertThat(c.channel.isOpen()).isFalse();
    }
  }

  @Test
  void overLongLineClosesTheConnection() {
    try (MemcacheConnection c = new MemcacheConnection()) {
      assertThat(c.send("version\r\nset " + "k".repeat(5000)))
          .isEqualTo("VERSION 1.6.21-tierkit\r\n");
      assertThat(c.channel.isOpen()).isFalse();
    }
  }

  @Test
  void largeRepliesAreWrittenInPiecesButFlushedOnce() {
    try (MemcacheConnection c = new MemcacheConnection()) {
      String value = "v".repeat(100_000);
      c.send("set big 0 0 100000\r\n" + value + "\r\n");
      c.flushes = 0;
      String reply = c.send("get big big big big big\r\n");
      assertThat(reply).hasSize(5 * (value.length() + "VALUE big 0 100000\r\n\r\n".length()) + 5);
      assertThat(c.flushes).isEqualTo(1);
    }
  }

  @Test
  void failingStoreIsAnsweredWithServerErrorAndTheConnectionLives() {
    try (MemcacheConnection c =
        new MemcacheConnection(
            EvictionPolicy.TINYLFU, ProtocolConfig.defaults(), FailingStore::new)) {
      assertThat(c.send("get boom\r\nget ok\r\n"))
          .isEqualTo("SERVER_ERROR IllegalStateException\r\nEND\r\n");
      assertThat(c.channel.isOpen()).isTrue();
    }
  }

  /** Fails every operation on the key "boom". */
  private static final class FailingStore implements CacheStore {
    private final CacheStore delegate;

    FailingStore(CacheStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public <T> T apply(byte[] key, KeyOperation<T> operation) {
      if (new String(key, StandardCharsets.US_ASCII).equals("boom")) {
        throw new IllegalStateException("boom");
      }
      return delegate.apply(key, operation);
    }

    @Override
    public void flushAll(long delaySeconds) {
      delegate.flushAll(delaySeconds);
    }

    @Override
    public int sweep(int maxItems) {
      return delegate.sweep(maxItems);
    }

    @Override
    public StoreStats stats() {
      return delegate.stats();
    }

    @Override
    public StoreConfig config() {
      return delegate.config();
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
