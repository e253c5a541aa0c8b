package dev.tierkit.mq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's one message store for durable queues: a segmented append-only log in {@code
 * DIR/msgs/} with one writer thread doing group commit. Persistent messages survive restarts (see
 * {@link #recovered()}); transient messages that a queue pages out of memory go through the same
 * log but are never forced for and never recovered.
 *
 * <h2>Design</h2>
 *
 * <b>Records.</b> Files {@code 00000001.seg}, {@code 00000002.seg}, ... hold records {@code [u32
 * payload length][u32 CRC32C of type+payload][u8 type][payload]} (layouts in {@code RecordFormat});
 * a record never spans segments, and the writer starts a new segment when the next record would
 * pass {@link StoreConfig#segmentBytes()} (a larger record gets a segment to itself).
 *
 * <p><b>Writer and group commit.</b> Callers on any thread (the broker's event loops) enqueue
 * requests into a jctools {@link MpscUnboundedXaddArrayQueue} and return at once; the daemon thread
 * {@code mq-store-writer} drains it, encodes every record of the batch into one 4 MiB direct
 * buffer, writes it with one {@code FileChannel.write} (more only when the buffer fills or a
 * segment rolls over), then forces once per batch ({@link FsyncMode#BATCH}), after every record
 * ({@link FsyncMode#ALWAYS}) or never ({@link FsyncMode#NEVER}). Requests that arrive during an
 * fsync form the next batch, so the number of records per fsync grows with load. {@code onDurable}
 * callbacks run on the writer thread after the write (NEVER) or the force covering the record; they
 * must be cheap and hop to their own thread. The queue is unbounded on purpose: a bounded queue
 * would have to stall a full submitter, which is a Netty event loop (or the writer itself, if a
 * callback appends), and the broker bounds what is outstanding anyway through publisher flow
 * control; {@link StoreStats#pendingRequests()} shows the backlog. The idle writer parks; a
 * submitter unparks it only if it announced it was parking, and the writer re-checks the queue
 * after announcing, so a wake-up cannot be lost (both sides use sequentially consistent accesses:
 * the queue's producer-index XADD against the volatile {@code parked} flag).
 *
 * <p><b>Forcing.</b> In BATCH mode a batch is forced only if somebody waits (a publish or a {@link
 * #sync}) and the segment holds an unforced publish, removal or purge; batches of only removals
 * ride along with the next force, because a lost removal only means a redelivery, and transient
 * pages are never a reason to force. Rolling over forces the old segment first, creating a segment
 * forces the directory, and {@link #close()} forces what is left.
 *
 * <p><b>Reclamation.</b> Every segment counts its live references: persistent publishes times their
 * queues plus transient references, minus removals. A segment that is not the active one may be
 * deleted once its count is 0, with one more condition. A removal or purge record cancels a publish
 * that may sit in an older segment; if the segment holding the removal were deleted while the older
 * segment survives, replay would resurrect the acknowledged message. So each segment remembers
 * which older segments its removal and purge records cancelled messages in ({@code dependsOn}), and
 * is deleted only after all of them are gone. Dependencies always point to older segments, so the
 * graph has no cycles and everything with a zero count is eventually deleted once what it depends
 * on is. Deletion runs on the writer thread after the batch's write and force, in rounds: a round
 * deletes every eligible segment, forces the directory, and only then can the next round delete
 * segments that depended on them, so a crash cannot keep a removal's publish while losing the
 * removal. A purge depends on the segments of the handles passed to {@link #purge}; those must
 * therefore be all of the queue's live persistent messages, which is what a queue holds.
 *
 * <p><b>Recovery.</b> {@link #open} replays the segments (see {@code LogReplay}), truncates a torn
 * tail of the last one, deletes what is reclaimable and appends in a fresh segment.
 *
 * <p>Thread safety: all methods may be called from any thread; handles are owned by the writer once
 * submitted. Calls racing with {@link #close()} may be dropped without their callback running.
 */
public final class MessageStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MessageStore.class);
  private static final int BUFFER_BYTES = 4 << 20;
  private static final int MAX_BATCH = 16 * 1024;

  /** How the writer forces a file; replaceable in tests to observe or delay forces. */
  interface Forcer {
    void force(FileChannel channel) throws IOException;
  }

  private enum Kind {
    PUBLISH,
    TRANSIENT,
    REMOVE,
    PURGE,
    SYNC,
    STOP
  }

  private static final class Request {
    final Kind kind;
    final StoredMessage message;
    final int[] queueIds;
    final int queueId;
    final byte[] exchange;
    final byte[] routingKey;
    final MessageRecord record;
    final List<StoredMessage> purged;
    final Runnable callback;

    Request(
        Kind kind,
        StoredMessage message,
        int[] queueIds,
        int queueId,
        byte[] exchange,
        byte[] routingKey,
        MessageRecord record,
        List<StoredMessage> purged,
        Runnable callback) {
      this.kind = kind;
      this.message = message;
      this.queueIds = queueIds;
      this.queueId = queueId;
      this.exchange = exchange;
      this.routingKey = routingKey;
      this.record = record;
      this.purged = purged;
      this.callback = callback;
    }
  }

  private final StoreConfig config;
  private final Path directory;
  private final Forcer forcer;
  private final FileChannel lock;
  private final Map<Integer, List<RecoveredMessage>> recovered;
  private final MpscUnboundedXaddArrayQueue<Request> queue =
      new MpscUnboundedXaddArrayQueue<>(4096);
  private final AtomicLong nextId;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread writer;
  private volatile boolean parked;
  private volatile Throwable failure;

  // Writer state: touched only by the writer thread (and by open before it starts).
  private final TreeMap<Integer, Segment> segments;
  private Segment active;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
  private final CRC32C crc = new CRC32C();
  private final List<StoredMessage> awaitingWrite = new ArrayList<>();
  private final List<Runnable> onWritten = new ArrayList<>();
  private final List<Runnable> onDurable = new ArrayList<>();
  private boolean reclaimDue = true;
  private boolean stopping;

  // Counters: written by the writer only, read by stats().
  private volatile long records;
  private volatile long bytesAppended;
  private volatile long forces;
  private volatile long bytesOnDisk;
  private volatile long reclaimed;
  private volatile int liveSegments;

  private MessageStore(StoreConfig config, Forcer forcer, LogReplay replay, FileChannel lock)
      throws IOException {
    this.config = config;
    this.lock = lock;
    this.directory = config.directory().resolve("msgs");
    this.forcer = forcer;
    this.recovered = replay.recovered;
    this.segments = replay.segments;
    this.nextId = new AtomicLong(replay.nextId);
    long onDisk = 0;
    for (Segment segment : segments.values()) {
      onDisk += segment.size;
    }
    this.bytesOnDisk = onDisk;
    int number = segments.isEmpty() ? 1 : segments.lastKey() + 1;
    this.active = createSegment(number);
    this.writer = new Thread(this::run, "mq-store-writer");
    writer.setDaemon(true);
  }

  /**
   * Opens (creating if needed) the store in {@code config.directory()}, replays it, starts the
   * writer.
   */
  public static MessageStore open(StoreConfig config) throws IOException {
    return open(config, channel -> channel.force(false));
  }

  static MessageStore open(StoreConfig config, Forcer forcer) throws IOException {
    Path directory = config.directory().resolve("msgs");
    Files.createDirectories(directory);
    FileChannel lock = lock(directory);
    long started = System.nanoTime();
    LogReplay replay;
    MessageStore store;
    try {
      replay = LogReplay.run(directory);
      store = new MessageStore(config, forcer, replay, lock);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
    int messages = 0;
    for (List<RecoveredMessage> list : replay.recovered.values()) {
      messages += list.size();
    }
    log.info(
        "message store {}: {} segments replayed in {} ms, {} queue references to {} queues"
            + " recovered",
        directory,
        replay.segments.size(),
        (System.nanoTime() - started) / 1_000_000,
        messages,
        replay.recovered.size());
    store.writer.start();
    return store;
  }

  /** Keeps a second process (or a second store in this one) off the directory. */
  private static FileChannel lock(Path directory) throws IOException {
    FileChannel channel =
        FileChannel.open(
            directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (channel.tryLock() != null) {
        return channel;
      }
    } catch (OverlappingFileLockException e) {
      // held by another store in this process: the same answer as another process
    }
    channel.close();
    throw new IOException("message store " + directory + " is in use by another store");
  }

  /**
   * Surviving persistent messages per queue id, each list in publish order. Bodies are not loaded.
   * The map is a live, unmodifiable view: {@link #discardQueue} removes entries from it.
   */
  public Map<Integer, List<RecoveredMessage>> recovered() {
    return Collections.unmodifiableMap(recovered);
  }

  /**
   * Forgets what {@link #recovered()} returned, once the broker has loaded it into its queues: a
   * million recovered messages are some 60 MB the heap should not keep twice.
   */
  public void releaseRecovered() {
    synchronized (recovered) {
      recovered.clear();
    }
  }

  /**
   * Appends a persistent message routed to the given durable queue ids (one reference per queue;
   * ids are non-negative, at most 65535 of them). {@code onDurable} runs on the writer thread once
   * the record is durable per the fsync mode.
   */
  public StoredMessage appendPersistent(int[] queueIds, MessageRecord message, Runnable onDurable) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(onDurable, "onDurable");
    if (queueIds.length == 0 || queueIds.length > RecordFormat.MAX_QUEUES) {
      throw new IllegalArgumentException("queueIds must hold 1 to 65535 ids: " + queueIds.length);
    }
    for (int queueId : queueIds) {
      checkQueueId(queueId);
    }
    int[] queues = queueIds.clone();
    return append(Kind.PUBLISH, queues, queues.length, message, onDurable);
  }

  /**
   * Appends a transient message whose body a queue pages out of memory: written, never forced for
   * it, never recovered; {@code refs} references (at least 1). {@code onWritten} runs on the writer
   * thread once {@link #read} can find it.
   */
  public StoredMessage appendTransient(int refs, MessageRecord message, Runnable onWritten) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(onWritten, "onWritten");
    if (refs < 1) {
      throw new IllegalArgumentException("refs must be at least 1: " + refs);
    }
    return append(Kind.TRANSIENT, new int[0], refs, message, onWritten);
  }

  private StoredMessage append(
      Kind kind, int[] queues, int refs, MessageRecord message, Runnable callback) {
    byte[] exchange = RecordFormat.shortString(message.exchange(), "exchange");
    byte[] routingKey = RecordFormat.shortString(message.routingKey(), "routingKey");
    long payload =
        (long)
                RecordFormat.messagePrefixBytes(
                    queues.length, exchange, routingKey, message.properties())
            + message.body().length;
    if (payload + RecordFormat.HEADER_BYTES > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("message too large for one record: " + payload + " bytes");
    }
    StoredMessage stored =
        new StoredMessage(
            nextId.getAndIncrement(),
            kind == Kind.PUBLISH,
            (int) payload + RecordFormat.HEADER_BYTES,
            refs);
    submit(new Request(kind, stored, queues, 0, exchange, routingKey, message, null, callback));
    return stored;
  }

  /**
   * One queue's reference is gone (ack, reject, expiry, drop, dead-lettered away). For persistent
   * messages this logs a removal record. Safe to call before the message was written: the record is
   * ordered after it.
   */
  public void remove(int queueId, StoredMessage message) {
    checkQueueId(queueId);
    Objects.requireNonNull(message, "message");
    submit(new Request(Kind.REMOVE, message, null, queueId, null, null, null, null, null));
  }

  /**
   * The queue is purged or deleted: every persistent message of it logged before this call is gone
   * on recovery; the given handles (which must include all of the queue's live persistent messages)
   * lose one reference each.
   */
  public void purge(int queueId, Collection<StoredMessage> messages) {
    checkQueueId(queueId);
    List<StoredMessage> copy = new ArrayList<>(messages);
    submit(new Request(Kind.PURGE, null, null, queueId, null, null, null, copy, null));
  }

  /**
   * Drops recovered messages of a queue that no longer exists (the broker calls this at start for
   * unknown ids): logs a purge, releases their references and removes the queue from {@link
   * #recovered()}. Does nothing for a queue with nothing recovered.
   */
  public void discardQueue(int queueId) {
    List<RecoveredMessage> messages;
    synchronized (recovered) {
      messages = recovered.remove(queueId);
    }
    if (messages == null) {
      return;
    }
    List<StoredMessage> handles = new ArrayList<>(messages.size());
    for (RecoveredMessage message : messages) {
      handles.add(message.message());
    }
    purge(queueId, handles);
  }

  /**
   * Reads a written message back (positional read, thread-safe, any thread). Verifies the record's
   * CRC; throws {@link IllegalStateException} if the message is not written yet, {@link
   * IOException} if the record is damaged or its segment is gone.
   */
  public MessageRecord read(StoredMessage message) throws IOException {
    if (!message.isWritten()) {
      throw new IllegalStateException(message + " is not written yet");
    }
    ByteBuffer record = ByteBuffer.allocate(message.size());
    message.segment.readFully(record, message.position);
    record.flip();
    int payload = record.getInt(0);
    int expectedCrc = record.getInt(4);
    if (payload != message.size() - RecordFormat.HEADER_BYTES
        || RecordFormat.crcOf(record, new CRC32C()) != expectedCrc) {
      throw new IOException(
          "record of " + message + " in " + message.segment.path + " fails its length or CRC");
    }
    record.position(RecordFormat.HEADER_BYTES);
    record.getLong();
    int queues = record.getShort() & 0xFFFF;
    record.position(record.position() + 4 * queues);
    byte[] scratch = new byte[255];
    String exchange = RecordFormat.readShortString(record, scratch);
    String routingKey = RecordFormat.readShortString(record, scratch);
    byte[] properties = new byte[record.getInt()];
    record.get(properties);
    byte[] body = new byte[record.getInt()];
    record.get(body);
    return new MessageRecord(exchange, routingKey, properties, body);
  }

  /** Runs {@code onDurable} (on the writer thread) once everything submitted before is durable. */
  public void sync(Runnable onDurable) {
    Objects.requireNonNull(onDurable, "onDurable");
    submit(new Request(Kind.SYNC, null, null, 0, null, null, null, null, onDurable));
  }

  /** A snapshot of the counters. */
  public StoreStats stats() {
    return new StoreStats(
        records, bytesAppended, forces, liveSegments, bytesOnDisk, reclaimed, queue.size());
  }

  /** The writer's failure, if an I/O error stopped it; then no callback runs any more. */
  public Throwable failure() {
    return failure;
  }

  /**
   * Drains everything submitted before, forces it (unless {@link FsyncMode#NEVER}), stops the
   * writer and closes the files. Idempotent; later appends throw {@link IllegalStateException}.
   */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      queue.offer(new Request(Kind.STOP, null, null, 0, null, null, null, null, null));
      LockSupport.unpark(writer);
    }
    if (Thread.currentThread() == writer) {
      return; // called from a callback: the writer stops once it returns to its loop
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void checkQueueId(int queueId) {
    if (queueId < 0) {
      throw new IllegalArgumentException("queue ids are non-negative: " + queueId);
    }
  }

  private void submit(Request request) {
    if (closed.get()) {
      throw new IllegalStateException("message store is closed");
    }
    Throwable failed = failure;
    if (failed != null) {
      throw new IllegalStateException("message store failed: " + failed, failed);
    }
    queue.offer(request);
    if (parked) {
      LockSupport.unpark(writer);
    }
  }

  // ---------------------------------------------------------------- writer thread

  private void run() {
    try {
      reclaim();
      while (true) {
        Request request = queue.poll();
        if (request == null) {
          if (stopping) {
            break;
          }
          parked = true;
          if (queue.isEmpty()) {
            LockSupport.park(this);
          }
          parked = false;
          continue;
        }
        int handled = 0;
        do {
          handle(request);
          if (config.fsync() == FsyncMode.ALWAYS) {
            completeBatch();
          }
        } while (++handled < MAX_BATCH && (request = queue.poll()) != null);
        completeBatch();
      }
      if (config.fsync() != FsyncMode.NEVER && active.unforcedDurable) {
        force(active);
      }
    } catch (IOException | RuntimeException | Error e) {
      failure = e;
      log.error(
          "message store {}: the writer failed; nothing more is durable or confirmed",
          directory,
          e);
    } finally {
      for (Segment segment : segments.values()) {
        try {
          segment.close();
        } catch (IOException e) {
          log.warn("message store {}: closing {} failed", directory, segment.path, e);
        }
      }
      try {
        lock.close();
      } catch (IOException e) {
        log.warn("message store {}: releasing its lock failed", directory, e);
      }
    }
  }

  private void handle(Request request) throws IOException {
    switch (request.kind) {
      case PUBLISH -> {
        appendMessage(RecordFormat.PUBLISH, request);
        onDurable.add(request.callback);
      }
      case TRANSIENT -> {
        appendMessage(RecordFormat.TRANSIENT, request);
        onWritten.add(request.callback);
      }
      case REMOVE -> {
        StoredMessage message = request.message;
        if (message.refs <= 0) {
          log.warn(
              "message store: {} removed from queue {} more often than routed",
              message,
              request.queueId);
          return;
        }
        Segment holder = null;
        if (message.isPersistent()) {
          holder = appendSmall(RecordFormat.REMOVE_PAYLOAD);
          RecordFormat.putRemove(buffer, message.id(), request.queueId, crc);
        }
        release(message, holder);
      }
      case PURGE -> {
        Segment holder = appendSmall(RecordFormat.PURGE_PAYLOAD);
        RecordFormat.putPurge(buffer, request.queueId, crc);
        for (StoredMessage message : request.purged) {
          if (message.refs > 0) {
            release(message, message.isPersistent() ? holder : null);
          }
        }
      }
      case SYNC -> onDurable.add(request.callback);
      case STOP -> stopping = true;
    }
  }

  /** Drops one reference; {@code removalIn} is the segment holding the record that cancels it. */
  private void release(StoredMessage message, Segment removalIn) {
    message.refs--;
    Segment segment = message.segment;
    segment.live--;
    if (removalIn != null && removalIn != segment) {
      removalIn.dependsOn.add(segment.number);
    }
    if (segment.live == 0 && segment != active) {
      reclaimDue = true;
    }
  }

  /** Reserves room for a small record in the buffer; returns the segment it goes to. */
  private Segment appendSmall(int payloadBytes) throws IOException {
    int recordBytes = RecordFormat.HEADER_BYTES + payloadBytes;
    roomInSegment(recordBytes);
    active.unforcedDurable = true;
    if (buffer.remaining() < recordBytes) {
      flushBuffer();
    }
    counted(recordBytes);
    return active;
  }

  private void appendMessage(byte type, Request request) throws IOException {
    StoredMessage message = request.message;
    MessageRecord record = request.record;
    int recordBytes = message.size();
    roomInSegment(recordBytes);
    active.unforcedDurable |= type == RecordFormat.PUBLISH;
    message.segment = active;
    message.position = active.size;
    active.live += message.refs;
    int payload = recordBytes - RecordFormat.HEADER_BYTES;
    byte[] body = record.body();
    if (recordBytes <= buffer.capacity()) {
      if (buffer.remaining() < recordBytes) {
        flushBuffer();
      }
      int start = buffer.position();
      RecordFormat.putMessagePrefix(
          buffer,
          type,
          payload,
          message.id(),
          request.queueIds,
          request.exchange,
          request.routingKey,
          record.properties(),
          body.length);
      buffer.put(body);
      RecordFormat.sealCrc(buffer, start, crc);
      awaitingWrite.add(message);
    } else {
      // Too large for the batch buffer: flush what is there, then write header and body directly.
      flushBuffer();
      int prefixBytes = recordBytes - body.length;
      ByteBuffer prefix = ByteBuffer.allocate(prefixBytes);
      RecordFormat.putMessagePrefix(
          prefix,
          type,
          payload,
          message.id(),
          request.queueIds,
          request.exchange,
          request.routingKey,
          record.properties(),
          body.length);
      crc.reset();
      crc.update(prefix.array(), 8, prefixBytes - 8);
      crc.update(body);
      prefix.putInt(4, (int) crc.getValue());
      prefix.flip();
      ByteBuffer[] parts = {prefix, ByteBuffer.wrap(body)};
      long left = recordBytes;
      while (left > 0) {
        left -= active.appendChannel.write(parts);
      }
      message.markWritten();
    }
    counted(recordBytes);
  }

  @SuppressWarnings("NonAtomicVolatileUpdate") // the writer thread is the only updater
  private void counted(int recordBytes) {
    active.size += recordBytes;
    records++;
    bytesAppended += recordBytes;
    bytesOnDisk += recordBytes;
  }

  private void roomInSegment(int recordBytes) throws IOException {
    if (active.size > 0 && active.size + recordBytes > config.segmentBytes()) {
      flushBuffer();
      if (config.fsync() != FsyncMode.NEVER && active.unforcedDurable) {
        force(active);
      }
      active.seal();
      if (active.live == 0) {
        reclaimDue = true;
      }
      active = createSegment(active.number + 1);
    }
  }

  private void flushBuffer() throws IOException {
    if (buffer.position() == 0) {
      return;
    }
    buffer.flip();
    while (buffer.hasRemaining()) {
      active.appendChannel.write(buffer);
    }
    buffer.clear();
    for (StoredMessage message : awaitingWrite) {
      message.markWritten();
    }
    awaitingWrite.clear();
  }

  private void completeBatch() throws IOException {
    flushBuffer();
    runAll(onWritten);
    // ALWAYS forces removals and purges too, BATCH only when somebody waits (see the class
    // comment).
    if (!onDurable.isEmpty() || (config.fsync() == FsyncMode.ALWAYS && active.unforcedDurable)) {
      if (config.fsync() != FsyncMode.NEVER && active.unforcedDurable) {
        force(active);
      }
      runAll(onDurable);
    }
    if (reclaimDue) {
      reclaim();
    }
  }

  @SuppressWarnings("NonAtomicVolatileUpdate") // the writer thread is the only updater
  private void force(Segment segment) throws IOException {
    forcer.force(segment.appendChannel);
    segment.unforcedDurable = false;
    forces++;
  }

  private void runAll(List<Runnable> callbacks) {
    for (Runnable callback : callbacks) {
      try {
        callback.run();
      } catch (RuntimeException e) {
        log.warn("message store: a durability callback failed", e);
      }
    }
    callbacks.clear();
  }

  private Segment createSegment(int number) throws IOException {
    Path path = directory.resolve(Segment.fileName(number));
    Segment segment = new Segment(number, path, 0);
    segment.appendChannel =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    if (config.fsync() != FsyncMode.NEVER) {
      forceDirectory();
    }
    segments.put(number, segment);
    liveSegments = segments.size();
    return segment;
  }

  /** Deletes, round by round, every segment nothing refers to any more (see the class comment). */
  @SuppressWarnings("NonAtomicVolatileUpdate") // the writer thread is the only updater
  private void reclaim() throws IOException {
    reclaimDue = false;
    Set<Segment> undeletable = new HashSet<>();
    while (true) {
      List<Segment> eligible = new ArrayList<>();
      for (Segment segment : segments.values()) {
        if (segment != active
            && segment.live == 0
            && !undeletable.contains(segment)
            && dependenciesGone(segment)) {
          eligible.add(segment);
        }
      }
      if (eligible.isEmpty()) {
        return;
      }
      for (Segment segment : eligible) {
        segment.close();
        try {
          Files.deleteIfExists(segment.path);
        } catch (IOException e) {
          // It stays in the map, so segments depending on it stay too; retried next time.
          log.warn("message store {}: deleting {} failed", directory, segment.path, e);
          undeletable.add(segment);
          reclaimDue = true;
          continue;
        }
        segments.remove(segment.number);
        bytesOnDisk -= segment.size;
        reclaimed++;
      }
      liveSegments = segments.size();
      if (config.fsync() != FsyncMode.NEVER) {
        forceDirectory();
      }
    }
  }

  private boolean dependenciesGone(Segment segment) {
    for (Iterator<Integer> it = segment.dependsOn.iterator(); it.hasNext(); ) {
      if (segments.containsKey(it.next())) {
        return false;
      }
      it.remove();
    }
    return true;
  }

  private void forceDirectory() throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
