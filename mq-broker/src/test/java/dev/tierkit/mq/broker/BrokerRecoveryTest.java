package dev.tierkit.mq.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.mq.store.DefinitionChange;
import dev.tierkit.mq.store.DefinitionStore;
import dev.tierkit.mq.store.FsyncMode;
import dev.tierkit.mq.store.MessageRecord;
import dev.tierkit.mq.store.MessageStore;
import dev.tierkit.mq.store.StoreConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker core rebuilt from the two stores, including logs that name queues no longer there. */
class BrokerRecoveryTest {
  @TempDir Path dir;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopTimers() {
    timers.shutdownNow();
  }

  private static final byte[] PERSISTENT = {(byte) 0x10, 0x00, 0x02};

  private BrokerConfig config() {
    return new BrokerConfig(dir, FsyncMode.BATCH, 1 << 20, 1 << 20, List.of("/"));
  }

  // Regression: recovery discarded unknown queues while iterating the store's live view of them.
  @Test
  void messagesOfAQueueMissingFromTheDefinitionsAreDiscardedAtStart() throws Exception {
    int kept;
    int gone;
    try (DefinitionStore definitions = DefinitionStore.open(dir)) {
      // The missing queue's id is the lower one, so it comes first in the recovered map.
      gone = definitions.nextQueueId();
      kept = definitions.nextQueueId();
      CountDownLatch declared = new CountDownLatch(1);
      definitions.apply(
          new DefinitionChange.QueueDeclared("/", "kept", kept, false, Map.of()),
          declared::countDown);
      assertThat(declared.await(5, TimeUnit.SECONDS)).isTrue();
    }
    try (MessageStore store = MessageStore.open(StoreConfig.defaults(dir))) {
      CountDownLatch durable = new CountDownLatch(2);
      store.appendPersistent(
          new int[] {kept},
          new MessageRecord("", "kept", PERSISTENT, new byte[] {1}),
          durable::countDown);
      store.appendPersistent(
          new int[] {gone},
          new MessageRecord("", "gone", PERSISTENT, new byte[] {2}),
          durable::countDown);
      assertThat(durable.await(5, TimeUnit.SECONDS)).isTrue();
    }
    try (Broker broker = Broker.open(config(), timers, Clock.systemUTC())) {
      MessageQueue queue = broker.vhost("/").queue("kept");
      assertThat(queue.messageCount()).isEqualTo(1);
      assertThat(queue.poll().entry().redelivered()).isTrue();
      assertThat(broker.store().recovered()).isEmpty();
    }
    try (Broker broker = Broker.open(config(), timers, Clock.systemUTC())) {
      // The unknown queue's message stayed discarded; the kept one was taken but not acked.
      assertThat(broker.vhost("/").queue("kept").messageCount()).isEqualTo(1);
    }
  }
}
