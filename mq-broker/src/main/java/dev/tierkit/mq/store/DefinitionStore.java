package dev.tierkit.mq.store;

import dev.tierkit.mq.protocol.FieldCodec;
import dev.tierkit.mq.store.DefinitionChange.BindingAdded;
import dev.tierkit.mq.store.DefinitionChange.BindingRemoved;
import dev.tierkit.mq.store.DefinitionChange.ExchangeDeclared;
import dev.tierkit.mq.store.DefinitionChange.ExchangeDeleted;
import dev.tierkit.mq.store.DefinitionChange.QueueDeclared;
import dev.tierkit.mq.store.DefinitionChange.QueueDeleted;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable exchanges, queues and bindings, in {@code DIR/definitions.log}.
 *
 * <p>Design: the log holds CRC-framed change records (the message log's framing: {@code [u32
 * length][u32 CRC32C][u8 type][payload]}), strings as u16 length + UTF-8, arguments as AMQP field
 * tables. {@link #open} replays it (a torn or corrupt tail is dropped with a warning), then
 * compacts: the surviving state is written to {@code definitions.log.tmp}, forced, atomically
 * renamed over the log and the directory forced, so a crash at any point leaves either the old or
 * the new complete log. Changes during a run are appended by one daemon thread ({@code
 * mq-definitions-writer}) that writes and forces whatever has queued up, then runs the callbacks;
 * definitions change rarely, so the log only shrinks at the next open.
 *
 * <p>Queue ids: {@link #nextQueueId()} hands out ids above every id the log has ever held, and logs
 * a high-water mark (ordered before any declaration that uses the id), kept across compaction, so
 * an id is not reused even after its queue was deleted. An id issued but not yet logged when the
 * broker crashed may be issued again; the broker discards message-store contents of unknown queue
 * ids at start ({@link MessageStore#discardQueue}) before declaring anything, so that is harmless.
 */
public final class DefinitionStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DefinitionStore.class);
  private static final String LOG = "definitions.log";
  private static final String TEMP = "definitions.log.tmp";

  private static final byte EXCHANGE_DECLARED = 1;
  private static final byte EXCHANGE_DELETED = 2;
  private static final byte QUEUE_DECLARED = 3;
  private static final byte QUEUE_DELETED = 4;
  private static final byte BINDING_ADDED = 5;
  private static final byte BINDING_REMOVED = 6;
  private static final byte QUEUE_ID_MARK = 7;

  /** A record to append and what to run once it is forced (either may be null). */
  private static final class Entry {
    final byte[] record;
    final Runnable onDurable;

    Entry(byte[] record, Runnable onDurable) {
      this.record = record;
      this.onDurable = onDurable;
    }
  }

  /** The one entry without a record: the writer stops after it. */
  private static final Entry STOP = new Entry(null, null);

  private final Path directory;
  private final Definitions recovered;
  private final AtomicInteger nextQueueId;
  private final FileChannel channel;
  private final LinkedBlockingQueue<Entry> queue = new LinkedBlockingQueue<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread writer;
  private volatile Throwable failure;

  private DefinitionStore(Path directory, State state, FileChannel channel) {
    this.directory = directory;
    this.recovered = state.definitions();
    this.nextQueueId = new AtomicInteger(state.maxQueueId + 1);
    this.channel = channel;
    this.writer = new Thread(this::run, "mq-definitions-writer");
    writer.setDaemon(true);
  }

  /** Opens (creating if needed) the definitions in {@code directory}, compacts the log. */
  public static DefinitionStore open(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path logFile = directory.resolve(LOG);
    Path temp = directory.resolve(TEMP);
    Files.deleteIfExists(temp); // an interrupted compaction: the old log is still complete
    State state = new State();
    if (Files.exists(logFile)) {
      load(logFile, state);
    }
    try (FileChannel out =
        FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      List<byte[]> records = new ArrayList<>();
      records.add(encodeMark(state.maxQueueId));
      for (ExchangeDeclared exchange : state.exchanges.values()) {
        records.add(encode(exchange));
      }
      for (QueueDeclared queue : state.queues.values()) {
        records.add(encode(queue));
      }
      for (BindingAdded binding : state.bindings.values()) {
        records.add(encode(binding));
      }
      writeAll(out, records);
      out.force(true);
    }
    Files.move(temp, logFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
    FileChannel channel =
        FileChannel.open(logFile, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    DefinitionStore store = new DefinitionStore(directory, state, channel);
    store.writer.start();
    return store;
  }

  /** The definitions as they stood at open, after compaction. */
  public Definitions recovered() {
    return recovered;
  }

  /** A queue id never handed out or logged before in this directory (thread-safe). */
  public int nextQueueId() {
    int id = nextQueueId.getAndIncrement();
    if (id < 0) {
      throw new IllegalStateException("queue ids exhausted");
    }
    submit(new Entry(encodeMark(id), null));
    return id;
  }

  /**
   * Logs a change asynchronously on the store's thread; {@code onDurable} runs there after the
   * force that covers it.
   */
  public void apply(DefinitionChange change, Runnable onDurable) {
    Objects.requireNonNull(onDurable, "onDurable");
    submit(new Entry(encode(change), onDurable));
  }

  /** The writer's failure, if an I/O error stopped it; then no callback runs any more. */
  public Throwable failure() {
    return failure;
  }

  /** Writes and forces everything applied before, stops the thread, closes the file; idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      queue.add(STOP);
    }
    if (Thread.currentThread() == writer) {
      return;
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

  private void submit(Entry entry) {
    if (closed.get()) {
      throw new IllegalStateException("definition store is closed");
    }
    Throwable failed = failure;
    if (failed != null) {
      throw new IllegalStateException("definition store failed: " + failed, failed);
    }
    queue.add(entry);
  }

  private void run() {
    List<Entry> batch = new ArrayList<>();
    List<byte[]> records = new ArrayList<>();
    boolean stopping = false;
    try {
      while (!stopping) {
        batch.add(queue.take());
        queue.drainTo(batch);
        for (Entry entry : batch) {
          if (entry.record == null) {
            stopping = true;
          } else {
            records.add(entry.record);
          }
        }
        if (!records.isEmpty()) {
          writeAll(channel, records);
          channel.force(false);
          records.clear();
        }
        for (Entry entry : batch) {
          if (entry.onDurable != null) {
            try {
              entry.onDurable.run();
            } catch (RuntimeException e) {
              log.warn("definition store: a durability callback failed", e);
            }
          }
        }
        batch.clear();
      }
    } catch (IOException | RuntimeException e) {
      failure = e;
      log.error("definition store {}: the writer failed; nothing more is durable", directory, e);
    } catch (InterruptedException e) {
      failure = e;
      Thread.currentThread().interrupt();
    } finally {
      try {
        channel.close();
      } catch (IOException e) {
        log.warn("definition store {}: closing the log failed", directory, e);
      }
    }
  }

  private static void writeAll(FileChannel out, List<byte[]> records) throws IOException {
    ByteBuffer[] buffers = new ByteBuffer[records.size()];
    long total = 0;
    for (int i = 0; i < buffers.length; i++) {
      buffers[i] = ByteBuffer.wrap(records.get(i));
      total += buffers[i].remaining();
    }
    while (total > 0) {
      total -= out.write(buffers);
    }
  }

  // ---------------------------------------------------------------- state and replay

  private record Key(String vhost, String name) {}

  private record BindingKey(
      String vhost,
      String source,
      boolean toExchange,
      String destination,
      String routingKey,
      ByteBuffer arguments) {}

  /** The definitions a replay has reached; insertion order is first declaration order. */
  private static final class State {
    final Map<Key, ExchangeDeclared> exchanges = new LinkedHashMap<>();
    final Map<Key, QueueDeclared> queues = new LinkedHashMap<>();
    final Map<BindingKey, BindingAdded> bindings = new LinkedHashMap<>();
    int maxQueueId;

    void apply(DefinitionChange change) {
      if (change instanceof ExchangeDeclared e) {
        exchanges.put(new Key(e.vhost(), e.name()), e);
      } else if (change instanceof ExchangeDeleted e) {
        exchanges.remove(new Key(e.vhost(), e.name()));
        bindings
            .values()
            .removeIf(
                b ->
                    b.vhost().equals(e.vhost())
                        && (b.source().equals(e.name())
                            || (b.toExchange() && b.destination().equals(e.name()))));
      } else if (change instanceof QueueDeclared q) {
        queues.put(new Key(q.vhost(), q.name()), q);
        maxQueueId = Math.max(maxQueueId, q.queueId());
      } else if (change instanceof QueueDeleted q) {
        queues.remove(new Key(q.vhost(), q.name()));
        bindings
            .values()
            .removeIf(
                b ->
                    b.vhost().equals(q.vhost())
                        && !b.toExchange()
                        && b.destination().equals(q.name()));
      } else if (change instanceof BindingAdded b) {
        bindings.putIfAbsent(
            bindingKey(
                b.vhost(),
                b.source(),
                b.toExchange(),
                b.destination(),
                b.routingKey(),
                b.arguments()),
            b);
      } else if (change instanceof BindingRemoved b) {
        bindings.remove(
            bindingKey(
                b.vhost(),
                b.source(),
                b.toExchange(),
                b.destination(),
                b.routingKey(),
                b.arguments()));
      }
    }

    Definitions definitions() {
      return new Definitions(
          new ArrayList<>(exchanges.values()),
          new ArrayList<>(queues.values()),
          new ArrayList<>(bindings.values()));
    }
  }

  private static BindingKey bindingKey(
      String vhost,
      String source,
      boolean toExchange,
      String destination,
      String routingKey,
      Map<String, Object> arguments) {
    ByteBuf table = Unpooled.buffer();
    try {
      FieldCodec.writeTable(table, arguments);
      byte[] bytes = new byte[table.readableBytes()];
      table.readBytes(bytes);
      return new BindingKey(
          vhost, source, toExchange, destination, routingKey, ByteBuffer.wrap(bytes));
    } finally {
      table.release();
    }
  }

  private static void load(Path logFile, State state) throws IOException {
    byte[] bytes = Files.readAllBytes(logFile);
    ByteBuf in = Unpooled.wrappedBuffer(bytes);
    CRC32C crc = new CRC32C();
    int offset = 0;
    String problem = null;
    try {
      while (in.isReadable()) {
        offset = in.readerIndex();
        if (in.readableBytes() < RecordFormat.HEADER_BYTES) {
          problem = "a partial record header";
          break;
        }
        long payload = in.readUnsignedInt();
        int expectedCrc = in.readInt();
        if (payload + 1 > in.readableBytes()) {
          problem = "a record longer than the rest of the file";
          break;
        }
        crc.reset();
        crc.update(bytes, in.readerIndex(), (int) payload + 1);
        if ((int) crc.getValue() != expectedCrc) {
          problem = "a record failing its CRC";
          break;
        }
        ByteBuf record = in.readSlice((int) payload + 1);
        try {
          byte type = record.readByte();
          if (type == QUEUE_ID_MARK) {
            state.maxQueueId = Math.max(state.maxQueueId, record.readInt());
          } else {
            state.apply(decode(type, record));
          }
        } catch (RuntimeException e) {
          problem = "an unreadable record (" + e + ")";
          break;
        }
      }
    } finally {
      in.release();
    }
    if (problem != null) {
      log.warn(
          "definitions log {}: {} at offset {}: dropping the last {} bytes",
          logFile,
          problem,
          offset,
          bytes.length - offset);
    }
  }

  // ---------------------------------------------------------------- encoding

  private static byte[] encodeMark(int queueId) {
    ByteBuf out = Unpooled.buffer(16);
    try {
      start(out, QUEUE_ID_MARK);
      out.writeInt(queueId);
      return finish(out);
    } finally {
      out.release();
    }
  }

  private static byte[] encode(DefinitionChange change) {
    ByteBuf out = Unpooled.buffer(128);
    try {
      if (change instanceof ExchangeDeclared e) {
        start(out, EXCHANGE_DECLARED);
        string(out, e.vhost());
        string(out, e.name());
        string(out, e.type());
        out.writeBoolean(e.autoDelete());
        out.writeBoolean(e.internal());
        FieldCodec.writeTable(out, e.arguments());
      } else if (change instanceof ExchangeDeleted e) {
        start(out, EXCHANGE_DELETED);
        string(out, e.vhost());
        string(out, e.name());
      } else if (change instanceof QueueDeclared q) {
        start(out, QUEUE_DECLARED);
        string(out, q.vhost());
        string(out, q.name());
        out.writeInt(q.queueId());
        out.writeBoolean(q.autoDelete());
        FieldCodec.writeTable(out, q.arguments());
      } else if (change instanceof QueueDeleted q) {
        start(out, QUEUE_DELETED);
        string(out, q.vhost());
        string(out, q.name());
      } else if (change instanceof BindingAdded b) {
        start(out, BINDING_ADDED);
        binding(
            out,
            b.vhost(),
            b.source(),
            b.toExchange(),
            b.destination(),
            b.routingKey(),
            b.arguments());
      } else if (change instanceof BindingRemoved b) {
        start(out, BINDING_REMOVED);
        binding(
            out,
            b.vhost(),
            b.source(),
            b.toExchange(),
            b.destination(),
            b.routingKey(),
            b.arguments());
      }
      return finish(out);
    } finally {
      out.release();
    }
  }

  private static DefinitionChange decode(byte type, ByteBuf in) {
    return switch (type) {
      case EXCHANGE_DECLARED ->
          new ExchangeDeclared(
              string(in),
              string(in),
              string(in),
              in.readBoolean(),
              in.readBoolean(),
              FieldCodec.readTable(in));
      case EXCHANGE_DELETED -> new ExchangeDeleted(string(in), string(in));
      case QUEUE_DECLARED ->
          new QueueDeclared(
              string(in), string(in), in.readInt(), in.readBoolean(), FieldCodec.readTable(in));
      case QUEUE_DELETED -> new QueueDeleted(string(in), string(in));
      case BINDING_ADDED ->
          new BindingAdded(
              string(in),
              string(in),
              in.readBoolean(),
              string(in),
              string(in),
              FieldCodec.readTable(in));
      case BINDING_REMOVED ->
          new BindingRemoved(
              string(in),
              string(in),
              in.readBoolean(),
              string(in),
              string(in),
              FieldCodec.readTable(in));
      default -> throw new IllegalArgumentException("unknown definition record type " + type);
    };
  }

  private static void binding(
      ByteBuf out,
      String vhost,
      String source,
      boolean toExchange,
      String destination,
      String routingKey,
      Map<String, Object> arguments) {
    string(out, vhost);
    string(out, source);
    out.writeBoolean(toExchange);
    string(out, destination);
    string(out, routingKey);
    FieldCodec.writeTable(out, arguments);
  }

  private static void start(ByteBuf out, byte type) {
    out.writeInt(0).writeInt(0).writeByte(type);
  }

  private static byte[] finish(ByteBuf out) {
    byte[] bytes = new byte[out.readableBytes()];
    out.getBytes(0, bytes);
    ByteBuffer record = ByteBuffer.wrap(bytes);
    record.putInt(0, bytes.length - RecordFormat.HEADER_BYTES);
    record.putInt(4, RecordFormat.crcOf(record, new CRC32C()));
    return bytes;
  }

  private static void string(ByteBuf out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0xFFFF) {
      throw new IllegalArgumentException("name longer than 65535 bytes: " + bytes.length);
    }
    out.writeShort(bytes.length).writeBytes(bytes);
  }

  private static String string(ByteBuf in) {
    int length = in.readUnsignedShort();
    return in.readCharSequence(length, StandardCharsets.UTF_8).toString();
  }
}
