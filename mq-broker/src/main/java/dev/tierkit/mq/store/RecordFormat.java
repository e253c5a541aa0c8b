package dev.tierkit.mq.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The byte layout of log records, shared by the message log and the definitions log.
 *
 * <p>Every record is {@code [u32 payload length][u32 CRC32C of type and payload][u8
 * type][payload]}, big-endian. Message log payloads:
 *
 * <pre>
 * PUBLISH    u64 id, u16 queue count, u32 queue id * count, message
 * TRANSIENT  u64 id, u16 0, message              (never replayed; the id only keeps ids unique)
 * REMOVE     u64 id, u32 queue id
 * PURGE      u32 queue id                       (cancels the queue's messages logged before it)
 * message =  u8 len + exchange, u8 len + routing key, u32 len + properties, u32 len + body
 * </pre>
 *
 * The body comes last so replay can run the CRC over it without ever parsing or copying it.
 */
final class RecordFormat {
  static final int HEADER_BYTES = 9;
  static final byte PUBLISH = 1;
  static final byte TRANSIENT = 2;
  static final byte REMOVE = 3;
  static final byte PURGE = 4;

  static final int REMOVE_PAYLOAD = 12;
  static final int PURGE_PAYLOAD = 4;
  static final int MAX_QUEUES = 0xFFFF;

  private RecordFormat() {}

  /** Payload bytes of a PUBLISH or TRANSIENT record before the body. */
  static int messagePrefixBytes(int queues, byte[] exchange, byte[] routingKey, byte[] props) {
    return 8 + 2 + 4 * queues + 1 + exchange.length + 1 + routingKey.length + 4 + props.length + 4;
  }

  static byte[] shortString(String value, String what) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 255) {
      throw new IllegalArgumentException(what + " longer than 255 bytes: " + bytes.length);
    }
    return bytes;
  }

  /** Writes the record header and the message payload prefix (everything but the body). */
  static void putMessagePrefix(
      ByteBuffer out,
      byte type,
      int payloadBytes,
      long id,
      int[] queues,
      byte[] exchange,
      byte[] routingKey,
      byte[] props,
      int bodyBytes) {
    out.putInt(payloadBytes);
    out.putInt(0);
    out.put(type);
    out.putLong(id);
    out.putShort((short) queues.length);
    for (int queue : queues) {
      out.putInt(queue);
    }
    out.put((byte) exchange.length).put(exchange);
    out.put((byte) routingKey.length).put(routingKey);
    out.putInt(props.length).put(props);
    out.putInt(bodyBytes);
  }

  /** Fills in the CRC of a complete record starting at {@code start} and ending at the position. */
  static void sealCrc(ByteBuffer out, int start, CRC32C crc) {
    ByteBuffer covered = out.duplicate();
    covered.limit(out.position()).position(start + 8);
    crc.reset();
    crc.update(covered);
    out.putInt(start + 4, (int) crc.getValue());
  }

  static void putRemove(ByteBuffer out, long id, int queueId, CRC32C crc) {
    int start = out.position();
    out.putInt(REMOVE_PAYLOAD).putInt(0).put(REMOVE).putLong(id).putInt(queueId);
    sealCrc(out, start, crc);
  }

  static void putPurge(ByteBuffer out, int queueId, CRC32C crc) {
    int start = out.position();
    out.putInt(PURGE_PAYLOAD).putInt(0).put(PURGE).putInt(queueId);
    sealCrc(out, start, crc);
  }

  /** The CRC of type and payload of the complete record in {@code record} (position 0). */
  static int crcOf(ByteBuffer record, CRC32C crc) {
    ByteBuffer covered = record.duplicate();
    covered.position(8);
    crc.reset();
    crc.update(covered);
    return (int) crc.getValue();
  }

  /** Reads a u8-length string, going through {@code scratch} (at least 255 bytes). */
  static String readShortString(ByteBuffer in, byte[] scratch) {
    int length = in.get() & 0xFF;
    in.get(scratch, 0, length);
    return new String(scratch, 0, length, StandardCharsets.UTF_8);
  }
}
