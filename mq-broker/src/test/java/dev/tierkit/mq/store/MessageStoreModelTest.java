package dev.tierkit.mq.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Random publishes (to one or several queues), removals, purges and transient pages against a model
 * of what each queue holds, with restarts in between: after every restart the store must recover
 * exactly the model, in order. Small segments make rollover and reclamation (and so the rule that a
 * removal's segment outlives the publish it cancels) happen constantly.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MessageStoreModelTest {
  private static final int QUEUES = 4;

  @TempDir Path dir;

  @ParameterizedTest(name = "fsync={0}, segmentBytes={1}, seed={2}")
  @CsvSource({
    "BATCH, 4096, 1",
    "BATCH, 65536, 2",
    "NEVER, 4096, 3",
    "ALWAYS, 8192, 4",
    "BATCH, 4096, 5"
  })
  void recoveryAlwaysMatchesTheModel(FsyncMode fsync, long segmentBytes, long seed)
      throws Exception {
    StoreConfig config = new StoreConfig(dir, fsync, segmentBytes);
    SplittableRandom random = new SplittableRandom(seed);
    Map<Integer, LinkedHashMap<Long, StoredMessage>> model = new TreeMap<>();
    for (int q = 1; q <= QUEUES; q++) {
      model.put(q, new LinkedHashMap<>());
    }
    List<StoredMessage> transientPages = new ArrayList<>();
    MessageStore store = MessageStore.open(config);
    try {
      for (int round = 0; round < 6; round++) {
        int steps = fsync == FsyncMode.ALWAYS ? 150 : 600;
        for (int step = 0; step < steps; step++) {
          int op = random.nextInt(20);
          if (op < 9) {
            int[] queues = pickQueues(random);
            byte[] body = new byte[random.nextInt(1, 1500)];
            random.nextBytes(body);
            StoredMessage stored =
                store.appendPersistent(
                    queues, new MessageRecord("x", "k" + step, new byte[] {0, 0}, body), () -> {});
            for (int queue : queues) {
              model.get(queue).put(stored.id(), stored);
            }
          } else if (op < 16) {
            int queue = random.nextInt(1, QUEUES + 1);
            LinkedHashMap<Long, StoredMessage> held = model.get(queue);
            if (!held.isEmpty()) {
              // Mostly the oldest (acks in order), sometimes any.
              List<Long> ids = new ArrayList<>(held.keySet());
              long id = random.nextInt(4) == 0 ? ids.get(random.nextInt(ids.size())) : ids.get(0);
              store.remove(queue, held.remove(id));
            }
          } else if (op < 17) {
            int queue = random.nextInt(1, QUEUES + 1);
            LinkedHashMap<Long, StoredMessage> held = model.get(queue);
            store.purge(queue, new ArrayList<>(held.values()));
            held.clear();
          } else if (op < 19) {
            transientPages.add(
                store.appendTransient(
                    1, new MessageRecord("x", "t", new byte[0], new byte[900]), () -> {}));
          } else if (!transientPages.isEmpty()) {
            store.remove(1, transientPages.remove(random.nextInt(transientPages.size())));
          }
        }
        checkReads(store, model);
        store.close();
        transientPages.clear(); // transient pages do not survive a restart
        store = MessageStore.open(config);
        Map<Integer, List<RecoveredMessage>> recovered = store.recovered();
        for (int q = 1; q <= QUEUES; q++) {
          List<Long> expected = new ArrayList<>(model.get(q).keySet());
          List<Long> actual =
              recovered.getOrDefault(q, List.of()).stream()
                  .map(m -> m.message().id())
                  .collect(Collectors.toList());
          assertThat(actual).as("queue %d after restart %d", q, round).isEqualTo(expected);
          LinkedHashMap<Long, StoredMessage> handles = new LinkedHashMap<>();
          for (RecoveredMessage message : recovered.getOrDefault(q, List.of())) {
            handles.put(message.message().id(), message.message());
          }
          model.put(q, handles);
        }
        checkReads(store, model);
      }
      // Everything removed: all but the active segment goes.
      for (int q = 1; q <= QUEUES; q++) {
        for (StoredMessage message : model.get(q).values()) {
          store.remove(q, message);
        }
      }
      for (int pass = 0; pass < 2; pass++) {
        CountDownLatch done = new CountDownLatch(1);
        store.sync(done::countDown);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(segmentFiles()).hasSize(1);
    } finally {
      store.close();
    }
    MessageStore reopened = MessageStore.open(config);
    try {
      assertThat(reopened.recovered()).isEmpty();
    } finally {
      reopened.close();
    }
  }

  private static int[] pickQueues(SplittableRandom random) {
    if (random.nextInt(4) != 0) {
      return new int[] {random.nextInt(1, QUEUES + 1)};
    }
    List<Integer> queues = new ArrayList<>();
    for (int q = 1; q <= QUEUES; q++) {
      if (random.nextBoolean()) {
        queues.add(q);
      }
    }
    if (queues.isEmpty()) {
      queues.add(1);
    }
    return queues.stream().mapToInt(Integer::intValue).toArray();
  }

  private static void checkReads(
      MessageStore store, Map<Integer, LinkedHashMap<Long, StoredMessage>> model) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    store.sync(done::countDown);
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    for (LinkedHashMap<Long, StoredMessage> held : model.values()) {
      for (StoredMessage message : held.values()) {
        assertThat(store.read(message).exchange()).isEqualTo("x");
      }
    }
  }

  private List<Path> segmentFiles() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("msgs"))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".seg"))
          .collect(Collectors.toList());
    }
  }
}
