package dev.tierkit.bench.mq;

import dev.tierkit.mq.store.FsyncMode;
import dev.tierkit.mq.store.MessageRecord;
import dev.tierkit.mq.store.MessageStore;
import dev.tierkit.mq.store.StoreConfig;
import dev.tierkit.mq.store.StoredMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Question: how many 1 KiB persistent messages per second does the message store make durable, per
 * fsync mode, when each publishing thread keeps {@code window} messages awaiting their confirm (1
 * is a publisher that waits for every confirm, 64 one with many in flight), and how many messages
 * share one fsync (the group commit ratio)? The baseline is what a store without group commit pays:
 * one {@code write} and one {@code force} per message, on a file of each thread's own.
 *
 * <p>Run: {@code bench/jmh StoreAppendBenchmark -t 1} and {@code bench/jmh StoreAppendBenchmark -t
 * 2} (one and two publishing threads; the store's writer is one more thread). The score is messages
 * made durable per second. Two auxiliary counters: {@code fsyncs} (forces per second, normalised
 * like the score, so messages per fsync = score / fsyncs) and {@code messagesPerFsync} (the same
 * ratio measured directly over the iteration, reported by the first thread only).
 *
 * <p>What could make the numbers lie: everything rests on what {@code fsync} costs on the machine
 * at hand; on a virtual disk or with a write-back cache that acknowledges before the data is on
 * stable media it is far cheaper than on a real device, which flatters ALWAYS and the baseline
 * most. NEVER measures encoding and a copy into the page cache, not durability. With two cores the
 * writer thread competes with the publishers, so the two-thread figures are a lower bound for a
 * machine with a core to spare. Each iteration's messages are purged at its end so the log does not
 * grow without bound; that purge and the segment deletion it causes fall outside the measurement.
 * The first thread reads the store's counters after every append, a small cost that only NEVER
 * would notice.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreAppendBenchmark {
  private static final byte[] PROPERTIES = {(byte) 0x10, 0x00, 0x02}; // delivery-mode 2
  private static final byte[] BODY = new byte[1024];

  /** One store shared by every publishing thread. */
  @State(Scope.Benchmark)
  public static class Log {
    @Param({"ALWAYS", "BATCH", "NEVER"})
    FsyncMode fsync;

    Path directory;
    MessageStore store;
    final List<Publisher> publishers = new CopyOnWriteArrayList<>();

    @Setup(Level.Trial)
    public void open() throws IOException {
      directory = Files.createTempDirectory("store-append-bench");
      store = MessageStore.open(StoreConfig.defaults(directory).withFsync(fsync));
    }

    /** Runs once all threads have finished the iteration: confirms drained, messages purged. */
    @TearDown(Level.Iteration)
    public void purge() throws InterruptedException {
      for (Publisher publisher : publishers) {
        publisher.unconfirmed.acquire(publisher.window);
        publisher.unconfirmed.release(publisher.window);
        store.purge(publisher.queueId, publisher.published);
        publisher.published.clear();
      }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      store.close();
      deleteTree(directory);
    }
  }

  /** A publisher: its own queue, a window of unconfirmed messages, the handles to purge. */
  @State(Scope.Thread)
  public static class Publisher {
    @Param({"1", "64"})
    int window;

    int queueId;
    int[] queues;
    Semaphore unconfirmed;
    Runnable confirm;
    final List<StoredMessage> published = new ArrayList<>();
    boolean reports;
    long forcesAtStart;

    @Setup(Level.Trial)
    public void setUp(Log log) {
      log.publishers.add(this);
      queueId = log.publishers.indexOf(this) + 1;
      reports = queueId == 1;
      queues = new int[] {queueId};
      unconfirmed = new Semaphore(window);
      confirm = unconfirmed::release;
    }

    @Setup(Level.Iteration)
    public void startIteration(Log log) {
      forcesAtStart = log.store.stats().forces();
    }
  }

  /** Forces per second (normalised to time like the score). */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Fsyncs {
    public long fsyncs;
  }

  @Benchmark
  public StoredMessage append(Log log, Publisher publisher, Fsyncs fsyncs)
      throws InterruptedException {
    publisher.unconfirmed.acquire();
    StoredMessage stored =
        log.store.appendPersistent(
            publisher.queues,
            new MessageRecord("amq.direct", "orders", PROPERTIES, BODY),
            publisher.confirm);
    publisher.published.add(stored);
    if (publisher.reports) {
      fsyncs.fsyncs = log.store.stats().forces() - publisher.forcesAtStart;
    }
    return stored;
  }

  /** The baseline: a file of this thread's own, one write and one force per message. */
  @State(Scope.Thread)
  public static class PlainFile {
    Path directory;
    FileChannel channel;
    final ByteBuffer record = ByteBuffer.allocateDirect(BODY.length + 64);

    @Setup(Level.Trial)
    public void open() throws IOException {
      directory = Files.createTempDirectory("store-append-baseline");
      channel =
          FileChannel.open(
              directory.resolve("log"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      record.put(new byte[record.capacity()]).flip();
    }

    @TearDown(Level.Iteration)
    public void truncate() throws IOException {
      channel.truncate(0);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      channel.close();
      deleteTree(directory);
    }
  }

  @Benchmark
  public int baselineWriteAndForcePerMessage(PlainFile file, Fsyncs fsyncs) throws IOException {
    file.record.rewind();
    int written = file.channel.write(file.record);
    file.channel.force(false);
    fsyncs.fsyncs++;
    return written;
  }

  static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
