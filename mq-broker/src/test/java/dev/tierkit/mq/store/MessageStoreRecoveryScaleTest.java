package dev.tierkit.mq.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery of a large log: one million 1 KiB persistent messages (about 1 GiB of segments) must
 * replay in under 5 s with a 512 MiB heap, bodies staying on disk. Writes a gigabyte, so it runs
 * only on request:
 *
 * <pre>
 * ./mvnw -B -o test -pl mq-broker -Dtest=MessageStoreRecoveryScaleTest -Dtierkit.store.scale=true \
 *   -Dtierkit.test.argLine="-Dio.netty.leakDetection.level=paranoid -Xmx512m"
 * </pre>
 */
@EnabledIfSystemProperty(named = "tierkit.store.scale", matches = "true")
class MessageStoreRecoveryScaleTest {
  private static final int MESSAGES = 1_000_000;

  @TempDir Path dir;

  @Test
  void aMillionKibibyteMessagesRecoverQuicklyInASmallHeap() throws Exception {
    StoreConfig config = StoreConfig.defaults(dir).withFsync(FsyncMode.NEVER);
    byte[] properties = {(byte) 0x10, 0x00, 0x02};
    byte[] body = new byte[1024];
    int removed = 0;
    try (MessageStore store = MessageStore.open(config)) {
      for (int i = 0; i < MESSAGES; i++) {
        MessageRecord record = new MessageRecord("amq.direct", "orders", properties, body);
        StoredMessage stored = store.appendPersistent(new int[] {1 + i % 4}, record, () -> {});
        if (i % 10 == 0) {
          store.remove(1 + i % 4, stored);
          removed++;
        }
        if (i % 20_000 == 0) {
          CountDownLatch done = new CountDownLatch(1);
          store.sync(done::countDown);
          assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        }
      }
    }
    System.gc();
    long started = System.nanoTime();
    try (MessageStore store = MessageStore.open(config)) {
      long millis = (System.nanoTime() - started) / 1_000_000;
      int recovered = 0;
      for (List<RecoveredMessage> messages : store.recovered().values()) {
        recovered += messages.size();
      }
      Runtime runtime = Runtime.getRuntime();
      System.out.printf(
          "recovered %d messages from %d bytes in %d ms, heap used %d MiB of max %d MiB%n",
          recovered,
          store.stats().bytesOnDisk(),
          millis,
          (runtime.totalMemory() - runtime.freeMemory()) >> 20,
          runtime.maxMemory() >> 20);
      assertThat(recovered).isEqualTo(MESSAGES - removed);
      assertThat(millis).isLessThan(5000);
    }
  }
}
