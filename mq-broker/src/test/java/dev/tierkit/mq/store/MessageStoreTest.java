package dev.tierkit.mq.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MessageStoreTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final byte[] PROPS = {(byte) 0x10, 0x00, 0x02}; // delivery-mode 2

  @TempDir Path dir;
  private final List<MessageStore> opened = new ArrayList<>();

  @AfterEach
  void closeAll() {
    opened.forEach(MessageStore::close);
  }

  private MessageStore open(StoreConfig config) throws IOException {
    MessageStore store = MessageStore.open(config);
    opened.add(store);
    return store;
  }

  private MessageStore open(StoreConfig config, MessageStore.Forcer forcer) throws IOException {
    MessageStore store = MessageStore.open(config, forcer);
    opened.add(store);
    return store;
  }

  private StoreConfig config() {
    return StoreConfig.defaults(dir);
  }

  private StoreConfig smallSegments() {
    return config().withSegmentBytes(StoreConfig.MIN_SEGMENT_BYTES);
  }

  private static MessageRecord message(int i) {
    return message(i, 10);
  }

  private static MessageRecord message(int i, int bodyBytes) {
    byte[] body = new byte[bodyBytes];
    Arrays.fill(body, (byte) i);
    byte[] head = ("m" + i).getBytes(StandardCharsets.UTF_8);
    System.arraycopy(head, 0, body, 0, Math.min(head.length, body.length));
    return new MessageRecord("x", "k", PROPS, body);
  }

  private static Runnable noop() {
    return () -> {};
  }

  /** Waits until the writer has handled everything submitted so far, reclamation included. */
  private static void drain(MessageStore store) {
    for (int round = 0; round < 2; round++) {
      CountDownLatch done = new CountDownLatch(1);
      store.sync(done::countDown);
      await().atMost(WAIT).until(() -> done.getCount() == 0);
    }
  }

  private Path segment(int number) {
    return dir.resolve("msgs").resolve(Segment.fileName(number));
  }

  private List<Integer> segmentNumbers() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("msgs"))) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".seg"))
          .map(p -> Integer.parseInt(p.getFileName().toString().substring(0, 8)))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private static List<Long> ids(List<RecoveredMessage> messages) {
    return messages.stream().map(m -> m.message().id()).collect(Collectors.toList());
  }

  @Test
  void confirmOnlyAfterForce() throws Exception {
    CountDownLatch forceEntered = new CountDownLatch(1);
    CountDownLatch releaseForce = new CountDownLatch(1);
    AtomicInteger forcesDone = new AtomicInteger();
    MessageStore store =
        open(
            config(),
            channel -> {
              forceEntered.countDown();
              try {
                releaseForce.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              channel.force(false);
              forcesDone.incrementAndGet();
            });
    AtomicInteger forcesSeenByCallback = new AtomicInteger(-1);
    StoredMessage stored =
        store.appendPersistent(
            new int[] {1}, message(1), () -> forcesSeenByCallback.set(forcesDone.get()));

    assertThat(forceEntered.await(5, TimeUnit.SECONDS)).isTrue();
    await().atMost(WAIT).until(stored::isWritten);
    assertThat(forcesSeenByCallback.get())
        .as("callback ran while the force was pending")
        .isEqualTo(-1);

    releaseForce.countDown();
    await().atMost(WAIT).until(() -> forcesSeenByCallback.get() >= 0);
    assertThat(forcesSeenByCallback.get()).isEqualTo(1);
  }

  @Test
  void neverModeConfirmsAfterTheWriteWithoutForcing() throws Exception {
    AtomicInteger forces = new AtomicInteger();
    MessageStore store =
        open(config().withFsync(FsyncMode.NEVER), channel -> forces.incrementAndGet());
    AtomicBoolean durable = new AtomicBoolean();
    StoredMessage stored =
        store.appendPersistent(new int[] {1}, message(1), () -> durable.set(true));
    await().atMost(WAIT).untilTrue(durable);
    assertThat(stored.isWritten()).isTrue();
    store.close();
    assertThat(forces).hasValue(0);
    assertThat(store.stats().forces()).isZero();
  }

  @Test
  void alwaysModeForcesEveryRecord() throws Exception {
    MessageStore store = open(config().withFsync(FsyncMode.ALWAYS));
    CountDownLatch done = new CountDownLatch(50);
    for (int i = 0; i < 50; i++) {
      store.appendPersistent(new int[] {1}, message(i), done::countDown);
    }
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    StoreStats stats = store.stats();
    assertThat(stats.records()).isEqualTo(50);
    assertThat(stats.forces()).isEqualTo(50);
  }

  @Test
  void alwaysModeForcesRemovalsButNeverTransientPages() throws Exception {
    AtomicInteger forces = new AtomicInteger();
    MessageStore store =
        open(
            config().withFsync(FsyncMode.ALWAYS),
            channel -> {
              forces.incrementAndGet();
              channel.force(false);
            });
    CountDownLatch written = new CountDownLatch(1);
    StoredMessage paged = store.appendTransient(1, message(1), written::countDown);
    assertThat(written.await(5, TimeUnit.SECONDS)).isTrue();
    store.remove(1, paged);
    drain(store);
    assertThat(forces).hasValue(0);
    StoredMessage persistent = store.appendPersistent(new int[] {1}, message(2), noop());
    store.remove(1, persistent);
    drain(store);
    assertThat(forces).hasValue(2);
  }

  @Test
  void groupCommitSharesOneForceBetweenManyPublishers() throws Exception {
    MessageStore store =
        open(
            config(),
            channel -> {
              channel.force(false);
              // A device slower than this machine's page cache, so publishers pile up.
              LockSupport.parkNanos(1_000_000);
            });
    int threads = 4;
    int perThread = 500;
    CountDownLatch durable = new CountDownLatch(threads * perThread);
    List<Thread> publishers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int queue = t;
      Thread publisher =
          new Thread(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  store.appendPersistent(new int[] {queue}, message(i), durable::countDown);
                }
              });
      publishers.add(publisher);
      publisher.start();
    }
    for (Thread publisher : publishers) {
      publisher.join();
    }
    assertThat(durable.await(10, TimeUnit.SECONDS)).isTrue();
    StoreStats stats = store.stats();
    assertThat(stats.records()).isEqualTo(threads * perThread);
    assertThat(stats.recordsPerForce()).isGreaterThan(1.0);
  }

  @Test
  void recoveryReturnsExactlyWhatWasNotRemovedInPublishOrder() throws Exception {
    MessageStore store = open(config());
    List<StoredMessage> toQueue1 = new ArrayList<>();
    List<StoredMessage> toQueue2 = new ArrayList<>();
    List<StoredMessage> toQueue3 = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      int[] queues = i % 3 == 0 ? new int[] {1, 2} : i % 3 == 1 ? new int[] {2} : new int[] {3};
      StoredMessage stored = store.appendPersistent(queues, message(i), noop());
      for (int queue : queues) {
        (queue == 1 ? toQueue1 : queue == 2 ? toQueue2 : toQueue3).add(stored);
      }
    }
    List<Long> expected1 = new ArrayList<>();
    for (int i = 0; i < toQueue1.size(); i++) {
      if (i % 2 == 0) {
        store.remove(1, toQueue1.get(i));
      } else {
        expected1.add(toQueue1.get(i).id());
      }
    }
    store.remove(2, toQueue2.get(0));
    store.remove(2, toQueue2.get(5));
    List<Long> expected2 = new ArrayList<>();
    for (int i = 0; i < toQueue2.size(); i++) {
      if (i != 0 && i != 5) {
        expected2.add(toQueue2.get(i).id());
      }
    }
    store.purge(3, toQueue3);
    // Published to queue 3 after its purge: survives.
    StoredMessage late = store.appendPersistent(new int[] {3}, message(99), noop());
    store.close();

    MessageStore reopened = open(config());
    Map<Integer, List<RecoveredMessage>> recovered = reopened.recovered();
    assertThat(recovered.keySet()).containsExactlyInAnyOrder(1, 2, 3);
    assertThat(ids(recovered.get(1))).containsExactlyElementsOf(expected1);
    assertThat(ids(recovered.get(2))).containsExactlyElementsOf(expected2);
    assertThat(ids(recovered.get(3))).containsExactly(late.id());

    RecoveredMessage first = recovered.get(2).get(0);
    MessageRecord expectedRecord = message(1);
    assertThat(first.exchange()).isEqualTo("x");
    assertThat(first.routingKey()).isEqualTo("k");
    assertThat(first.properties()).isEqualTo(PROPS);
    assertThat(first.bodySize()).isEqualTo(expectedRecord.body().length);
    assertThat(reopened.read(first.message())).isEqualTo(expectedRecord);
    assertThat(reopened.read(recovered.get(3).get(0).message())).isEqualTo(message(99));
  }

  @Test
  void recoveredMessagesCanBeRemovedAndStayRemoved() throws Exception {
    MessageStore store = open(config());
    for (int i = 0; i < 5; i++) {
      store.appendPersistent(new int[] {7}, message(i), noop());
    }
    store.close();
    MessageStore second = open(config());
    List<RecoveredMessage> recovered = second.recovered().get(7);
    assertThat(recovered).hasSize(5);
    second.remove(7, recovered.get(1).message());
    second.remove(7, recovered.get(3).message());
    StoredMessage added = second.appendPersistent(new int[] {7}, message(5), noop());
    second.close();
    MessageStore third = open(config());
    assertThat(ids(third.recovered().get(7)))
        .containsExactly(
            recovered.get(0).message().id(),
            recovered.get(2).message().id(),
            recovered.get(4).message().id(),
            added.id());
  }

  @Test
  void removeBeforeTheMessageIsWrittenIsOrderedAfterIt() throws Exception {
    MessageStore store = open(config());
    for (int i = 0; i < 200; i++) {
      StoredMessage stored = store.appendPersistent(new int[] {1}, message(i), noop());
      store.remove(1, stored);
    }
    store.close();
    assertThat(open(config()).recovered()).isEmpty();
  }

  @Test
  void tornTailIsTruncatedAndAppendsContinue() throws Exception {
    MessageStore store = open(config());
    List<StoredMessage> stored = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      stored.add(store.appendPersistent(new int[] {1}, message(i, 100), noop()));
    }
    store.close();
    Path last = segment(1);
    long size = Files.size(last);
    try (FileChannel channel = FileChannel.open(last, StandardOpenOption.WRITE)) {
      channel.truncate(size - 5);
    }

    MessageStore second = open(config());
    assertThat(ids(second.recovered().get(1)))
        .containsExactlyElementsOf(idsOf(stored.subList(0, 9)));
    assertThat(Files.size(last)).isEqualTo(size - stored.get(9).size());
    StoredMessage after = second.appendPersistent(new int[] {1}, message(10), noop());
    second.close();

    MessageStore third = open(config());
    List<Long> expected = idsOf(stored.subList(0, 9));
    expected.add(after.id());
    assertThat(ids(third.recovered().get(1))).containsExactlyElementsOf(expected);
    assertThat(third.read(third.recovered().get(1).get(9).message())).isEqualTo(message(10));
  }

  @Test
  void aFlippedByteInTheLastRecordTruncatesOnlyThatRecord() throws Exception {
    MessageStore store = open(config());
    List<StoredMessage> stored = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      stored.add(store.appendPersistent(new int[] {1}, message(i, 100), noop()));
    }
    store.close();
    Path last = segment(1);
    long size = Files.size(last);
    flipByte(last, size - 20);

    MessageStore second = open(config());
    assertThat(ids(second.recovered().get(1)))
        .containsExactlyElementsOf(idsOf(stored.subList(0, 9)));
    assertThat(Files.size(last)).isEqualTo(size - stored.get(9).size());
    StoredMessage after = second.appendPersistent(new int[] {1}, message(10), noop());
    second.close();
    List<Long> expected = idsOf(stored.subList(0, 9));
    expected.add(after.id());
    assertThat(ids(open(config()).recovered().get(1))).containsExactlyElementsOf(expected);
  }

  @Test
  void corruptionInAnEarlierSegmentDropsTheRestOfThatSegmentOnly() throws Exception {
    MessageStore store = open(smallSegments());
    List<StoredMessage> stored = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      stored.add(store.appendPersistent(new int[] {1}, message(i, 1000), noop()));
    }
    store.close();
    // 1038-byte records, three per 4 KiB segment: segment 2 holds messages 3, 4 and 5.
    assertThat(segmentNumbers()).containsExactly(1, 2, 3, 4);
    assertThat(stored.get(3).size()).isEqualTo(1038);
    flipByte(segment(2), 1038 + 500);

    MessageStore second = open(smallSegments());
    List<Long> expected = idsOf(stored);
    expected.remove(stored.get(5).id());
    expected.remove(stored.get(4).id());
    assertThat(ids(second.recovered().get(1))).containsExactlyElementsOf(expected);
    assertThat(Files.size(segment(2)))
        .as("an earlier segment is left as it is")
        .isEqualTo(3 * 1038);
    assertThat(second.read(second.recovered().get(1).get(4).message())).isEqualTo(message(6, 1000));
  }

  @Test
  void segmentsRollOverAndEveryMessageReadsBack() throws Exception {
    MessageStore store = open(smallSegments());
    List<StoredMessage> stored = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      stored.add(store.appendPersistent(new int[] {1}, message(i, 700), noop()));
    }
    drain(store);
    assertThat(store.stats().liveSegments()).isGreaterThan(5);
    for (int i = 0; i < 40; i++) {
      assertThat(store.read(stored.get(i))).isEqualTo(message(i, 700));
    }
    for (Path file : List.of(segment(1), segment(2))) {
      assertThat(Files.size(file)).isLessThanOrEqualTo(StoreConfig.MIN_SEGMENT_BYTES);
    }
  }

  @Test
  void aRecordLargerThanASegmentGetsASegmentOfItsOwn() throws Exception {
    MessageStore store = open(smallSegments());
    StoredMessage small = store.appendPersistent(new int[] {1}, message(1, 100), noop());
    MessageRecord huge = message(2, 5 << 20); // larger than the writer's 4 MiB buffer as well
    StoredMessage big = store.appendPersistent(new int[] {1}, huge, noop());
    StoredMessage after = store.appendPersistent(new int[] {1}, message(3, 100), noop());
    drain(store);
    assertThat(segmentNumbers()).containsExactly(1, 2, 3);
    assertThat(Files.size(segment(2))).isEqualTo(big.size());
    assertThat(store.read(big)).isEqualTo(huge);
    store.close();

    MessageStore reopened = open(smallSegments());
    List<RecoveredMessage> recovered = reopened.recovered().get(1);
    assertThat(ids(recovered)).containsExactly(small.id(), big.id(), after.id());
    assertThat(recovered.get(1).bodySize()).isEqualTo(5 << 20);
    assertThat(reopened.read(recovered.get(1).message())).isEqualTo(huge);
  }

  @Test
  void segmentsWhoseMessagesAreAllRemovedAreReclaimed() throws Exception {
    MessageStore store = open(smallSegments());
    List<StoredMessage> stored = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      stored.add(store.appendPersistent(new int[] {1, 2}, message(i, 1000), noop()));
    }
    drain(store);
    int before = store.stats().liveSegments();
    assertThat(before).isGreaterThanOrEqualTo(10);
    for (StoredMessage message : stored) {
      store.remove(1, message);
    }
    drain(store);
    assertThat(store.stats().reclaimedSegments()).as("queue 2 still holds them").isZero();
    for (StoredMessage message : stored) {
      store.remove(2, message);
    }
    drain(store);
    StoreStats stats = store.stats();
    assertThat(stats.reclaimedSegments()).isGreaterThanOrEqualTo(before - 1);
    assertThat(segmentNumbers()).hasSize(stats.liveSegments());
    assertThat(stats.bytesOnDisk())
        .isEqualTo(segmentNumbers().stream().mapToLong(n -> size(segment(n))).sum());
    assertThatThrownBy(() -> store.read(stored.get(0)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("reclaimed");
    store.close();
    assertThat(open(smallSegments()).recovered()).isEmpty();
  }

  @Test
  void aSegmentHoldingAnAckForAnOlderSegmentSurvivesUntilThatSegmentGoes() throws Exception {
    // 1538-byte records, two per 4 KiB segment.
    MessageStore store = open(smallSegments());
    StoredMessage a = store.appendPersistent(new int[] {1}, message(1, 1500), noop());
    StoredMessage b = store.appendPersistent(new int[] {1}, message(2, 1500), noop());
    StoredMessage c = store.appendPersistent(new int[] {1}, message(3, 1500), noop());
    StoredMessage d = store.appendPersistent(new int[] {1}, message(4, 1500), noop());
    StoredMessage e = store.appendPersistent(new int[] {1}, message(5, 1500), noop());
    store.remove(1, a); // the ack lands in segment 3, for a message in segment 1
    store.remove(1, c);
    store.remove(1, d);
    store.remove(1, e);
    StoredMessage g = store.appendPersistent(new int[] {1}, message(7, 3000), noop());
    drain(store);
    assertThat(a.segment.number).isEqualTo(1);
    assertThat(c.segment.number).isEqualTo(2);
    assertThat(e.segment.number).isEqualTo(3);
    assertThat(g.segment.number).isEqualTo(4);
    assertThat(segmentNumbers())
        .as("segment 2 is empty and goes; segment 3 is empty but holds the ack of a")
        .containsExactly(1, 3, 4);
    store.close();

    MessageStore second = open(smallSegments());
    assertThat(ids(second.recovered().get(1)))
        .as("a stays acknowledged")
        .containsExactly(b.id(), g.id());
    drain(second);
    assertThat(segmentNumbers()).containsExactly(1, 3, 4, 5);
    second.remove(1, second.recovered().get(1).get(0).message());
    drain(second);
    assertThat(segmentNumbers()).containsExactly(4, 5);
    second.close();
    assertThat(ids(open(smallSegments()).recovered().get(1))).containsExactly(g.id());
  }

  @Test
  void transientMessagesAreReadableButNeverRecovered() throws Exception {
    AtomicInteger forces = new AtomicInteger();
    MessageStore store =
        open(
            smallSegments(),
            channel -> {
              forces.incrementAndGet();
              channel.force(false);
            });
    AtomicBoolean written = new AtomicBoolean();
    StoredMessage paged = store.appendTransient(2, message(1, 3000), () -> written.set(true));
    await().atMost(WAIT).untilTrue(written);
    assertThat(forces).as("nothing is forced for a transient message").hasValue(0);
    assertThat(store.read(paged)).isEqualTo(message(1, 3000));
    StoredMessage more = store.appendTransient(1, message(2, 3000), noop());
    drain(store);
    store.remove(1, paged);
    drain(store);
    assertThat(segmentNumbers()).as("one reference left").contains(1);
    store.remove(2, paged);
    drain(store);
    assertThat(segmentNumbers()).doesNotContain(1);
    store.close();

    MessageStore reopened = open(smallSegments());
    assertThat(reopened.recovered()).isEmpty();
    StoredMessage next = reopened.appendPersistent(new int[] {1}, message(3), noop());
    assertThat(next.id()).as("ids are not reused").isGreaterThan(more.id());
  }

  @Test
  void discardQueueDropsItsRecoveredMessages() throws Exception {
    MessageStore store = open(smallSegments());
    for (int i = 0; i < 10; i++) {
      store.appendPersistent(new int[] {i % 2 == 0 ? 4 : 5}, message(i, 1000), noop());
    }
    store.close();
    MessageStore second = open(smallSegments());
    assertThat(second.recovered().keySet()).containsExactly(4, 5);
    second.discardQueue(5);
    second.discardQueue(99);
    assertThat(second.recovered().keySet()).containsExactly(4);
    second.close();
    MessageStore third = open(smallSegments());
    assertThat(third.recovered().keySet()).containsExactly(4);
    assertThat(third.recovered().get(4)).hasSize(5);
  }

  @Test
  void syncRunsAfterEverythingSubmittedBeforeIsDurable() throws Exception {
    MessageStore store = open(config());
    AtomicInteger durable = new AtomicInteger();
    for (int i = 0; i < 100; i++) {
      store.appendPersistent(new int[] {1}, message(i), durable::incrementAndGet);
    }
    AtomicInteger seenBySync = new AtomicInteger(-1);
    store.sync(() -> seenBySync.set(durable.get()));
    await().atMost(WAIT).until(() -> seenBySync.get() >= 0);
    assertThat(seenBySync).hasValue(100);
  }

  @Test
  void closeDrainsEverythingSubmittedAndIsIdempotent() throws Exception {
    MessageStore store = open(config());
    AtomicInteger durable = new AtomicInteger();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(store.appendPersistent(new int[] {1}, message(i), durable::incrementAndGet).id());
    }
    store.close();
    assertThat(durable).hasValue(1000);
    store.close();
    assertThatThrownBy(() -> store.appendPersistent(new int[] {1}, message(1), noop()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThat(ids(open(config()).recovered().get(1))).containsExactlyElementsOf(ids);
  }

  @Test
  void statsCountRecordsBytesAndForces() throws Exception {
    MessageStore store = open(config());
    StoredMessage stored = store.appendPersistent(new int[] {1}, message(1), noop());
    store.remove(1, stored);
    drain(store);
    StoreStats stats = store.stats();
    assertThat(stats.records()).isEqualTo(2);
    assertThat(stats.bytesAppended()).isEqualTo(stored.size() + 21);
    assertThat(stats.forces()).isGreaterThanOrEqualTo(1);
    assertThat(stats.liveSegments()).isEqualTo(1);
    assertThat(stats.bytesOnDisk()).isEqualTo(size(segment(1)));
  }

  @Test
  void aSecondStoreOnTheSameDirectoryIsRefused() throws Exception {
    MessageStore store = open(config());
    assertThatThrownBy(() -> open(config()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("in use");
    store.close();
    open(config()).close();
  }

  @Test
  void invalidArgumentsAreRejectedWithTheirName() throws IOException {
    MessageStore store = open(config());
    assertThatThrownBy(() -> store.appendPersistent(new int[0], message(1), noop()))
        .hasMessageContaining("queueIds");
    assertThatThrownBy(() -> store.appendPersistent(new int[] {-1}, message(1), noop()))
        .hasMessageContaining("non-negative");
    String longName = "e".repeat(256);
    assertThatThrownBy(
            () ->
                store.appendPersistent(
                    new int[] {1}, new MessageRecord(longName, "k", PROPS, new byte[0]), noop()))
        .hasMessageContaining("exchange");
    assertThatThrownBy(() -> store.appendTransient(0, message(1), noop()))
        .hasMessageContaining("refs");
    assertThatThrownBy(() -> new StoreConfig(dir, FsyncMode.BATCH, 100))
        .hasMessageContaining("segmentBytes");
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<Long> idsOf(List<StoredMessage> messages) {
    return messages.stream()
        .map(StoredMessage::id)
        .collect(Collectors.toCollection(ArrayList::new));
  }

  private static void flipByte(Path file, long position) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, position);
      one.put(0, (byte) (one.get(0) ^ 0x40));
      one.rewind();
      channel.write(one, position);
    }
  }
}
