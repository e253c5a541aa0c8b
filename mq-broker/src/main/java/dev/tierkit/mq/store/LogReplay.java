package dev.tierkit.mq.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
 * heap. Each surviving publish becomes a {@code Pending} entry, found by id for removals and kept
 * in one deque per queue in log order; a removal crosses the queue off the entry, a purge crosses
 * it off every entry in that queue's deque, and entries whose head of a deque no longer holds that
 * queue are popped, so acknowledged-in-order messages do not accumulate. Time is linear in the
 * log's bytes; memory is proportional to surviving messages (roughly 150 bytes each plus the
 * properties, which are shared between consecutive identical ones).
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
  private static final int GONE = -1;

  final TreeMap<Integer, Segment> segments = new TreeMap<>();
  final Map<Integer, List<RecoveredMessage>> recovered = new TreeMap<>();
  long nextId = 1;
  long truncatedBytes;
  long droppedBytes;

  private final Map<Long, Pending> byId = new HashMap<>();
  private final Map<Integer, ArrayDeque<Pending>> queues = new HashMap<>();
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
  private final CRC32C crc = new CRC32C();
  private final byte[] scratch = new byte[255];
  private long bufferBase;
  private byte[] lastProperties = new byte[0];
  private String lastExchange = "";
  private String lastRoutingKey = "";

  private static final class Pending {
    final StoredMessage message;
    final String exchange;
    final String routingKey;
    final byte[] properties;
    final int bodySize;
    final int[] queues;
    int remaining;

    Pending(
        StoredMessage message,
        String exchange,
        String routingKey,
        byte[] properties,
        int bodySize,
        int[] queues) {
      this.message = message;
      this.exchange = exchange;
      this.routingKey = routingKey;
      this.properties = properties;
      this.bodySize = bodySize;
      this.queues = queues;
      this.remaining = queues.length;
    }

    boolean holds(int queueId) {
      for (int queue : queues) {
        if (queue == queueId) {
          return true;
        }
      }
      return false;
    }

    boolean drop(int queueId) {
      for (int i = 0; i < queues.length; i++) {
        if (queues[i] == queueId) {
          queues[i] = GONE;
          remaining--;
          return true;
        }
      }
      return false;
    }
  }

  /** A parsed record, applied only once its CRC has been checked. */
  private record Parsed(
      byte type,
      long id,
      int[] queues,
      String exchange,
      String routingKey,
      byte[] properties,
      int bodySize,
      int queueId) {}

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
        Parsed parsed;
        int actualCrc;
        try {
          fill(channel, offset, (int) Math.min(recordBytes, CHUNK));
          at = (int) (offset - bufferBase);
          ByteBuffer view = buffer.duplicate();
          view.limit((int) Math.min(buffer.limit(), at + recordBytes)).position(at + 8);
          parsed = parse(view, (int) payload);
          actualCrc = crcOf(channel, offset, recordBytes);
        } catch (RuntimeException e) {
          problem = "an unreadable record (" + e + ")";
          break;
        }
        if (actualCrc != expectedCrc) {
          problem = "a record failing its CRC";
          break;
        }
        apply(parsed, segment, offset, (int) recordBytes);
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

  private Parsed parse(ByteBuffer in, int payloadBytes) {
    int start = in.position();
    byte type = in.get();
    switch (type) {
      case RecordFormat.PUBLISH, RecordFormat.TRANSIENT -> {
        long id = in.getLong();
        int count = in.getShort() & 0xFFFF;
        if (type == RecordFormat.TRANSIENT) {
          return new Parsed(type, id, null, null, null, null, 0, 0);
        }
        int[] queueIds = new int[count];
        for (int i = 0; i < count; i++) {
          queueIds[i] = in.getInt();
        }
        String exchange = RecordFormat.readShortString(in, scratch);
        exchange = exchange.equals(lastExchange) ? lastExchange : (lastExchange = exchange);
        String routingKey = RecordFormat.readShortString(in, scratch);
        routingKey =
            routingKey.equals(lastRoutingKey) ? lastRoutingKey : (lastRoutingKey = routingKey);
        int propertiesBytes = in.getInt();
        if (propertiesBytes < 0 || propertiesBytes > payloadBytes) {
          throw new IllegalArgumentException("properties length " + propertiesBytes);
        }
        byte[] properties = new byte[propertiesBytes];
        in.get(properties);
        if (Arrays.equals(properties, lastProperties)) {
          properties = lastProperties;
        } else {
          lastProperties = properties;
        }
        int bodySize = in.getInt();
        long consumed = in.position() - start;
        if (bodySize < 0 || consumed - 1 + bodySize != payloadBytes) {
          throw new IllegalArgumentException("body length " + bodySize + " does not fit");
        }
        return new Parsed(type, id, queueIds, exchange, routingKey, properties, bodySize, 0);
      }
      case RecordFormat.REMOVE -> {
        checkPayload(payloadBytes, RecordFormat.REMOVE_PAYLOAD);
        return new Parsed(type, in.getLong(), null, null, null, null, 0, in.getInt());
      }
      case RecordFormat.PURGE -> {
        checkPayload(payloadBytes, RecordFormat.PURGE_PAYLOAD);
        return new Parsed(type, 0, null, null, null, null, 0, in.getInt());
      }
      default -> throw new IllegalArgumentException("unknown record type " + type);
    }
  }

  private static void checkPayload(int actual, int expected) {
    if (actual != expected) {
      throw new IllegalArgumentException("payload of " + actual + " bytes, expected " + expected);
    }
  }

  private void apply(Parsed record, Segment segment, long offset, int recordBytes) {
    switch (record.type()) {
      case RecordFormat.PUBLISH -> {
        nextId = Math.max(nextId, record.id() + 1);
        StoredMessage message = StoredMessage.recovered(record.id(), recordBytes, segment, offset);
        Pending pending =
            new Pending(
                message,
                record.exchange(),
                record.routingKey(),
                record.properties(),
                record.bodySize(),
                record.queues());
        byId.put(record.id(), pending);
        for (int queue : record.queues()) {
          queues.computeIfAbsent(queue, q -> new ArrayDeque<>()).add(pending);
        }
      }
      case RecordFormat.TRANSIENT -> nextId = Math.max(nextId, record.id() + 1);
      case RecordFormat.REMOVE -> {
        nextId = Math.max(nextId, record.id() + 1);
        Pending pending = byId.get(record.id());
        if (pending != null && pending.drop(record.queueId())) {
          cancelled(pending, segment);
          ArrayDeque<Pending> deque = queues.get(record.queueId());
          while (deque != null && !deque.isEmpty() && !deque.peekFirst().holds(record.queueId())) {
            deque.pollFirst();
          }
        }
      }
      case RecordFormat.PURGE -> {
        ArrayDeque<Pending> deque = queues.remove(record.queueId());
        if (deque != null) {
          for (Pending pending : deque) {
            if (pending.drop(record.queueId())) {
              cancelled(pending, segment);
            }
          }
        }
      }
      default -> throw new IllegalStateException("unreachable");
    }
  }

  private void cancelled(Pending pending, Segment by) {
    Segment holder = pending.message.segment;
    if (holder != by) {
      by.dependsOn.add(holder.number);
    }
    if (pending.remaining == 0) {
      byId.remove(pending.message.id());
    }
  }

  private void finish() {
    for (Pending pending : byId.values()) {
      pending.message.refs = pending.remaining;
      pending.message.segment.live += pending.remaining;
    }
    for (Map.Entry<Integer, ArrayDeque<Pending>> entry : queues.entrySet()) {
      int queueId = entry.getKey();
      List<RecoveredMessage> messages = new ArrayList<>();
      for (Pending pending : entry.getValue()) {
        if (pending.holds(queueId)) {
          messages.add(
              new RecoveredMessage(
                  queueId,
                  pending.message,
                  pending.exchange,
                  pending.routingKey,
                  pending.properties,
                  pending.bodySize));
        }
      }
      if (!messages.isEmpty()) {
        recovered.put(queueId, messages);
      }
    }
    byId.clear();
    queues.clear();
  }
}
