package dev.tierkit.mq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tierkit.mq.store.DefinitionChange.BindingAdded;
import dev.tierkit.mq.store.DefinitionChange.BindingRemoved;
import dev.tierkit.mq.store.DefinitionChange.ExchangeDeclared;
import dev.tierkit.mq.store.DefinitionChange.ExchangeDeleted;
import dev.tierkit.mq.store.DefinitionChange.QueueDeclared;
import dev.tierkit.mq.store.DefinitionChange.QueueDeleted;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class DefinitionStoreTest {
  @TempDir Path dir;
  private final List<DefinitionStore> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(DefinitionStore::close);
  }

  private DefinitionStore open() throws IOException {
    DefinitionStore store = DefinitionStore.open(dir);
    opened.add(store);
    return store;
  }

  private static void applyAll(DefinitionStore store, DefinitionChange... changes) {
    CountDownLatch durable = new CountDownLatch(changes.length);
    for (DefinitionChange change : changes) {
      store.apply(change, durable::countDown);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> durable.getCount() == 0);
  }

  @Test
  void definitionsSurviveARestartAndDeletionsTakeTheirBindingsAlong() throws Exception {
    DefinitionStore store = open();
    int orders = store.nextQueueId();
    int audit = store.nextQueueId();
    Map<String, Object> args = Map.of("x-max-length", 1000, "x-queue-mode", "lazy");
    ExchangeDeclared events = new ExchangeDeclared("/", "events", "topic", false, false, Map.of());
    ExchangeDeclared fanout =
        new ExchangeDeclared("/", "copy", "fanout", true, true, Map.of("alternate-exchange", "ae"));
    QueueDeclared ordersQueue = new QueueDeclared("/", "orders", orders, false, args);
    QueueDeclared auditQueue = new QueueDeclared("/", "audit", audit, false, null);
    BindingAdded ordersBinding = new BindingAdded("/", "events", false, "orders", "order.*", null);
    BindingAdded auditBinding = new BindingAdded("/", "events", false, "audit", "#", null);
    BindingAdded toCopy = new BindingAdded("/", "events", true, "copy", "#", null);
    BindingAdded fromCopy = new BindingAdded("/", "copy", false, "orders", "", null);
    BindingAdded defaultToAudit =
        new BindingAdded("/", "amq.direct", false, "audit", "a", Map.of("k", "v"));
    applyAll(
        store,
        events,
        fanout,
        ordersQueue,
        auditQueue,
        ordersBinding,
        auditBinding,
        toCopy,
        fromCopy,
        defaultToAudit,
        new BindingAdded("/", "events", false, "orders", "order.removed", null),
        new BindingRemoved("/", "events", false, "orders", "order.removed", Map.of()),
        new ExchangeDeleted("/", "copy"),
        new QueueDeclared("/", "scratch", store.nextQueueId(), false, null),
        new BindingAdded("/", "events", false, "scratch", "#", null),
        new QueueDeleted("/", "scratch"),
        new QueueDeleted("vhost-b", "orders"));
    store.close();

    Definitions recovered = open().recovered();
    assertThat(recovered.exchanges()).containsExactly(events);
    assertThat(recovered.queues()).containsExactly(ordersQueue, auditQueue);
    assertThat(recovered.queues().get(0).arguments()).isEqualTo(args);
    assertThat(recovered.bindings()).containsExactly(ordersBinding, auditBinding, defaultToAudit);
  }

  @Test
  void openCompactsTheLogAndTheCompactedLogLoadsTheSame() throws Exception {
    DefinitionStore store = open();
    List<DefinitionChange> churn = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      churn.add(new QueueDeclared("/", "temp" + i, store.nextQueueId(), false, null));
      churn.add(new QueueDeleted("/", "temp" + i));
    }
    QueueDeclared kept = new QueueDeclared("/", "kept", store.nextQueueId(), false, null);
    churn.add(kept);
    applyAll(store, churn.toArray(new DefinitionChange[0]));
    store.close();
    Path log = dir.resolve("definitions.log");
    long before = Files.size(log);

    assertThat(open().recovered().queues()).containsExactly(kept);
    long after = Files.size(log);
    assertThat(after).isLessThan(before / 10);
    assertThat(Files.exists(dir.resolve("definitions.log.tmp"))).isFalse();
    opened.get(1).close();
    assertThat(open().recovered().queues()).containsExactly(kept);
    assertThat(Files.size(log)).isEqualTo(after);
  }

  @Test
  void queueIdsAreNeverReusedAcrossRestarts() throws Exception {
    Set<Integer> seen = new HashSet<>();
    for (int run = 0; run < 3; run++) {
      DefinitionStore store = open();
      int id = store.nextQueueId();
      int unused = store.nextQueueId();
      assertThat(seen.add(id)).isTrue();
      assertThat(seen.add(unused)).isTrue();
      applyAll(
          store,
          new QueueDeclared("/", "q" + run, id, false, null),
          new QueueDeleted("/", "q" + run));
      store.close();
    }
    assertThat(seen).hasSize(6).allMatch(id -> id > 0);
  }

  @Test
  void nextQueueIdIsSafeFromManyThreads() throws Exception {
    DefinitionStore store = open();
    Set<Integer> ids = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 500; i++) {
                  ids.add(store.nextQueueId());
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(ids).hasSize(2000);
    store.close();
    int next = open().nextQueueId();
    assertThat(ids).allMatch(id -> id < next);
  }

  @Test
  void aTornTailOfTheLogIsDropped() throws Exception {
    DefinitionStore store = open();
    QueueDeclared first = new QueueDeclared("/", "first", store.nextQueueId(), false, null);
    applyAll(store, first);
    QueueDeclared second = new QueueDeclared("/", "second", store.nextQueueId(), false, null);
    applyAll(store, second);
    store.close();
    Path log = dir.resolve("definitions.log");
    long size = Files.size(log);
    try (var channel = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
      channel.truncate(size - 3);
    }
    Files.write(log, new byte[] {1, 2, 3, 4, 5, 6, 7}, StandardOpenOption.APPEND);

    DefinitionStore reopened = open();
    assertThat(reopened.recovered().queues()).containsExactly(first);
    assertThat(reopened.nextQueueId()).isGreaterThan(second.queueId());
  }

  @Test
  void closeDrainsPendingChangesAndLaterChangesAreRefused() throws Exception {
    DefinitionStore store = open();
    AtomicInteger durable = new AtomicInteger();
    for (int i = 0; i < 50; i++) {
      store.apply(
          new ExchangeDeclared("/", "e" + i, "direct", false, false, null),
          durable::incrementAndGet);
    }
    store.close();
    store.close();
    assertThat(durable).hasValue(50);
    assertThatThrownBy(() -> store.apply(new ExchangeDeleted("/", "e1"), () -> {}))
        .isInstanceOf(IllegalStateException.class);
    assertThat(open().recovered().exchanges()).hasSize(50);
  }
}
