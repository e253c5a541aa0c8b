package dev.tierkit.mq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the message store's state from its segment files.
 *
 * <p>Design: segments are read in number order with large positional reads into one direct buffer
 * (4 MiB); each record's CRC32C runs over the buffer in place, and only a publish's metadata (id,
 * queues, exchange, routing key, properties, body length) is copied out, so bodies never reach the
 * heap. Each publish becomes its {@link RecoveredMessage} per queue at once, kept in one deque per
 * queue in log order and indexed by id (a {@link LongKeyMap}, no boxing) while some queue holds it;
 * a removal takes it out of the index for that queue, a purge does so for every entry in the
 * queue's deque, and entries at the head of a deque that their queue no longer holds are popped, so
 * messages acknowledged in order do not accumulate. Time is linear in the log's bytes; memory is
 * about 120 bytes per surviving single-queue message plus its properties, which consecutive
 * identical ones share (as they share exchange and routing key strings).
 *
 * <p>While replaying, every removal or purge that cancels a message in an older segment records
 * that dependency on the segment holding the removal, which reclamation needs (see {@link
 * MessageStore}). The highest id seen in any record (publishes, transient pages and removals) sets
 * the next id, so no new message can be mistaken for one a surviving removal record refers to.
 *
 * <p>A record that is cut short or fails its CRC ends its segment: in the last segment that is a
 * torn write from a crash, and the file is truncated there (warning with the byte count); in an
 * earlier segment it is corruption, logged as an error, and the rest of that segment is ignored.
 */
final class LogReplay {
  private static final Logger log = LoggerFactory.getLogger(LogReplay.class);
  private static final Pattern SEGMENT_NAME = Pattern.compile("\\d{8}\\.seg");
  private static final int CHUNK = 4 << 20;

  final TreeMap<Integer, Segment> segments = new TreeMap<>();
  final Map<Integer, List<RecoveredMessage>> recovered = new TreeMap<>();
  long nextId = 1;
  long truncatedBytes;
  long droppedBytes;

  // id -> the message's RecoveredMessage (one queue) or RecoveredMessage[] (one per queue, null
  // once removed from that queue); only messages some queue still holds. refs counts the holders.
  private final LongKeyMap<Object> byId = new LongKeyMap<>();
  private final Map<Integer, ArrayDeque<RecoveredMessage>> queues = new HashMap<>();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
  private final CRC32C crc = new CRC32C();
  private final byte[] scratch = new byte[255];
  private long bufferBase;
  private byte[] lastProperties = new byte[0];
  private String lastExchange = "";
  private String lastRoutingKey = "";
  // The previous record's string bytes; index 255 holds the length (short strings are < 256).
  private final byte[] lastExchangeBytes = new byte[256];
  private final byte[] lastRoutingKeyBytes = new byte[256];

  // The record being replayed: parsed into these fields, applied once its CRC has been checked.
  private byte type;
  private long id;
  private int[] queueIds;
  private String exchange;
  private String routingKey;
  private byte[] properties;
  private int bodySize;
  private int queueId;

  static LogReplay run(Path directory) throws IOException {
    LogReplay replay = new LogReplay();
    List<Integer> numbers = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (SEGMENT_NAME.matcher(name).matches()) {
          numbers.add(Integer.parseInt(name.substring(0, 8)));
        }
      }
    }
    numbers.sort(null);
    for (int i = 0; i < numbers.size(); i++) {
      int number = numbers.get(i);
      Segment segment = new Segment(number, directory.resolve(Segment.fileName(number)), 0);
      replay.segments.put(number, segment);
      replay.replay(segment, i == numbers.size() - 1);
    }
    replay.finish();
    return replay;
  }

  private void replay(Segment segment, boolean last) throws IOException {
    long offset = 0;
    long fileSize;
    String problem = null;
    try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.READ)) {
      fileSize = channel.size();
      buffer.clear().limit(0);
      bufferBase = 0;
      while (offset < fileSize) {
        long left = fileSize - offset;
        if (left < RecordFormat.HEADER_BYTES) {
          problem = "a partial record header";
          break;
        }
        fill(channel, offset, RecordFormat.HEADER_BYTES);
        int at = (int) (offset - bufferBase);
        long payload = buffer.getInt(at) & 0xFFFFFFFFL;
        int expectedCrc = buffer.getInt(at + 4);
        long recordBytes = RecordFormat.HEADER_BYTES + payload;
        if (recordBytes > left) {
          problem = "a record of " + recordBytes + " bytes with " + left + " left in the file";
          break;
        }
        int actualCrc;
        try {
          fill(channel, offset, (int) Math.min(recordBytes, CHUNK));
          at = (int) (offset - bufferBase);
          ByteBuffer view = buffer.duplicate();
          view.limit((int) Math.min(buffer.limit(), at + recordBytes)).position(at + 8);
          parse(view, (int) payload);
          actualCrc = crcOf(channel, offset, recordBytes);
        } catch (RuntimeException e) {
          problem = "an unreadable record (" + e + ")";
          break;
        }
        if (actualCrc != expectedCrc) {
          problem = "a record failing its CRC";
          break;
        }
        apply(segment, offset, (int) recordBytes);
        offset += recordBytes;
      }
    }
    if (problem == null) {
      segment.size = fileSize;
    } else if (last) {
      log.warn(
          "message log {}: {} at offset {}: truncating the torn tail of {} bytes",
          segment.path,
          problem,
          offset,
          fileSize - offset);
      try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.WRITE)) {
        channel.truncate(offset);
        channel.force(true);
      }
      truncatedBytes += fileSize - offset;
      segment.size = offset;
    } else {
      log.error(
          "message log {}: {} at offset {} in a segment that is not the last: ignoring its"
              + " remaining {} bytes; messages or removals in them are lost",
          segment.path,
          problem,
          offset,
          fileSize - offset);
      droppedBytes += fileSize - offset;
      segment.size = fileSize;
    }
  }

  /** Makes the buffer hold at least {@code n} bytes from file offset {@code from}. */
  private void fill(FileChannel channel, long from, int n) throws IOException {
    if (from >= bufferBase && from + n <= bufferBase + buffer.limit()) {
      return;
    }
    buffer.clear();
    bufferBase = from;
    while (buffer.position() < n) {
      if (channel.read(buffer, bufferBase + buffer.position()) < 0) {
        break;
      }
    }
    buffer.flip();
    if (buffer.limit() < n) {
      throw new IllegalStateException("file ends inside a record");
    }
  }

  private int crcOf(FileChannel channel, long offset, long recordBytes) throws IOException {
    crc.reset();
    long position = offset + 8;
    long end = offset + recordBytes;
    while (position < end) {
      int n = (int) Math.min(CHUNK, end - position);
      fill(channel, position, n);
      ByteBuffer view = buffer.duplicate();
      int at = (int) (position - bufferBase);
      view.limit(at + n).position(at);
      crc.update(view);
      position += n;
    }
    return (int) crc.getValue();
  }

  private void parse(ByteBuffer in, int payloadBytes) {
    int start = in.position();
    type = in.get();
    switch (type) {
      case RecordFormat.PUBLISH, RecordFormat.TRANSIENT -> {
        id = in.getLong();
        if (type == RecordFormat.TRANSIENT) {
          return;
        }
        int count = in.getShort() & 0xFFFF;
        queueIds = new int[count];
        for (int i = 0; i < count; i++) {
          queueIds[i] = in.getInt();
        }
        exchange = lastExchange = sameOrNew(in, lastExchange, lastExchangeBytes);
        routingKey = lastRoutingKey = sameOrNew(in, lastRoutingKey, lastRoutingKeyBytes);
        int propertiesBytes = in.getInt();
        if (propertiesBytes < 0 || propertiesBytes > payloadBytes) {
          throw new IllegalArgumentException("properties length " + propertiesBytes);
        }
        ByteBuffer bytes = in.slice().limit(propertiesBytes);
        if (!bytes.equals(ByteBuffer.wrap(lastProperties))) {
          lastProperties = new byte[propertiesBytes];
          bytes.get(lastProperties);
        }
        properties = lastProperties;
        in.position(in.position() + propertiesBytes);
        bodySize = in.getInt();
        int consumed = in.position() - start;
        if (bodySize < 0 || consumed - 1L + bodySize != payloadBytes) {
          throw new IllegalArgumentException("body length " + bodySize + " does not fit");
        }
      }
      case RecordFormat.REMOVE -> {
        checkPayload(payloadBytes, RecordFormat.REMOVE_PAYLOAD);
        id = in.getLong();
        queueId = in.getInt();
      }
      case RecordFormat.PURGE -> {
        checkPayload(payloadBytes, RecordFormat.PURGE_PAYLOAD);
        queueId = in.getInt();
      }
      default -> throw new IllegalArgumentException("unknown record type " + type);
    }
  }

  /**
   * Reads a short string, returning {@code last} without allocating when the bytes are those of the
   * previous record (consecutive messages mostly share exchange and routing key).
   */
  private String sameOrNew(ByteBuffer in, String last, byte[] lastBytes) {
    int length = in.get() & 0xFF;
    in.get(scratch, 0, length);
    if (length == (lastBytes[255] & 0xFF)
        && Arrays.equals(scratch, 0, length, lastBytes, 0, length)) {
      return last;
    }
    System.arraycopy(scratch, 0, lastBytes, 0, length);
    lastBytes[255] = (byte) length;
    return new String(scratch, 0, length, StandardCharsets.UTF_8);
  }

  private static void checkPayload(int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException("payload of " + actual + " bytes, expected " + expected);
    }
  }

  private void apply(Segment segment, long offset, int recordBytes) {
    switch (type) {
      case RecordFormat.PUBLISH -> {
        nextId = Math.max(nextId, id + 1);
        StoredMessage message = StoredMessage.recovered(id, recordBytes, segment, offset);
        message.refs = queueIds.length;
        if (queueIds.length == 1) {
          RecoveredMessage entry = entry(queueIds[0], message);
          byId.put(id, entry);
          queue(queueIds[0]).add(entry);
        } else {
          RecoveredMessage[] entries = new RecoveredMessage[queueIds.length];
          for (int i = 0; i < entries.length; i++) {
            entries[i] = entry(queueIds[i], message);
            queue(queueIds[i]).add(entries[i]);
          }
          byId.put(id, entries);
        }
      }
      case RecordFormat.TRANSIENT -> nextId = Math.max(nextId, id + 1);
      case RecordFormat.REMOVE -> {
        nextId = Math.max(nextId, id + 1);
        RecoveredMessage removed = drop(id, queueId, segment);
        if (removed != null) {
          ArrayDeque<RecoveredMessage> deque = queues.get(queueId);
          while (!deque.isEmpty() && !holds(deque.peekFirst())) {
            deque.pollFirst();
          }
        }
      }
      case RecordFormat.PURGE -> {
        ArrayDeque<RecoveredMessage> deque = queues.remove(queueId);
        if (deque != null) {
          for (RecoveredMessage entry : deque) {
            if (holds(entry)) {
              drop(entry.message().id(), queueId, segment);
            }
          }
        }
      }
      default -> throw new IllegalStateException("unreachable");
    }
  }

  private RecoveredMessage entry(int queue, StoredMessage message) {
    return new RecoveredMessage(queue, message, exchange, routingKey, properties, bodySize);
  }

  private ArrayDeque<RecoveredMessage> queue(int queue) {
    return queues.computeIfAbsent(queue, q -> new ArrayDeque<>());
  }

  /** Whether the queue of this entry still holds its message (entries differ by queue). */
  private boolean holds(RecoveredMessage entry) {
    Object value = byId.get(entry.message().id());
    if (value instanceof RecoveredMessage[] entries) {
      for (RecoveredMessage e : entries) {
        if (e != null && e.queueId() == entry.queueId()) {
          return true;
        }
      }
      return false;
    }
    return value instanceof RecoveredMessage single && single.queueId() == entry.queueId();
  }

  /**
   * Takes the message off the queue, noting the dependency of the segment holding the removal on
   * the one holding the message; returns the entry, or null if the queue did not hold it.
   */
  private RecoveredMessage drop(long messageId, int queue, Segment by) {
    Object value = byId.get(messageId);
    RecoveredMessage dropped = null;
    if (value instanceof RecoveredMessage entry) {
      if (entry.queueId() == queue) {
        dropped = entry;
      }
    } else if (value instanceof RecoveredMessage[] entries) {
      for (int i = 0; i < entries.length && dropped == null; i++) {
        if (entries[i] != null && entries[i].queueId() == queue) {
          dropped = entries[i];
          entries[i] = null;
        }
      }
    }
    if (dropped == null) {
      return null;
    }
    StoredMessage message = dropped.message();
    if (message.segment != by) {
      by.dependsOn.add(message.segment.number);
    }
    if (--message.refs == 0) {
      byId.remove(messageId);
    }
    return dropped;
  }

  private void finish() {
    for (Map.Entry<Integer, ArrayDeque<RecoveredMessage>> entry : queues.entrySet()) {
      ArrayDeque<RecoveredMessage> deque = entry.getValue();
      List<RecoveredMessage> messages = new ArrayList<>(deque.size());
      for (RecoveredMessage message; (message = deque.pollFirst()) != null; ) {
        if (holds(message)) {
          messages.add(message);
        }
      }
      if (!messages.isEmpty()) {
        recovered.put(entry.getKey(), messages);
      }
    }
    queues.clear();
    byId.forEachValue(
        value -> {
          StoredMessage message =
              value instanceof RecoveredMessage[] entries
                  ? firstOf(entries).message()
                  : ((RecoveredMessage) value).message();
          message.segment.live += message.refs;
        });
    byId.clear();
  }

  private static RecoveredMessage firstOf(RecoveredMessage[] entries) {
    for (RecoveredMessage entry : entries) {
      if (entry != null) {
        return entry;
      }
    }
    throw new IllegalStateException("an indexed message without a holder");
  }
}
