package dev.tierkit.cdn.store;

import dev.tierkit.cdn.policy.Lifetime;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The on-disk form of one stored variant.
 *
 * <p>Layout, big-endian:
 *
 * <pre>
 *   int    magic 'TKCO'
 *   short  version (1)
 *   int    header length H
 *   H      header: primaryKey, variantKey, varyNames, host, path, int status, headers (int count,
 *          name/value pairs), long requestTime, long responseTime, long fresh, long initialAge,
 *          long staleWhileRevalidate, long staleIfError, boolean mustRevalidate, boolean noCache,
 *          tags, long storedGeneration, long bodyLength; strings as int length + UTF-8, lists as
 *          int count + strings
 *   int    CRC32C of the header
 *   B      body (bodyLength bytes)
 *   int    CRC32C of the body
 * </pre>
 *
 * <p>The header comes first and carries its own checksum so the index can be rebuilt at start-up
 * from headers alone; a file whose size disagrees with its header's body length is torn.
 */
final class ObjectFile {
  static final int MAGIC = 0x544B434F;
  static final short VERSION = 1;

  /** The largest header accepted, a guard against garbage lengths. */
  static final int MAX_HEADER = 16 * 1024 * 1024;

  private static final int PREFIX = 4 + 2 + 4;

  private ObjectFile() {}

  /** A file's header: the object with an empty body, and where and how long its body is. */
  record Header(CachedObject object, long bodyOffset, long bodyLength) {}

  /** Thrown for a file that is not a whole, intact object file. */
  static final class CorruptException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptException(String message) {
      super(message);
    }
  }

  /** Writes {@code object} from position 0; returns the bytes written. */
  static long write(FileChannel ch, CachedObject object) throws IOException {
    byte[] header = encodeHeader(object);
    ByteBuffer prefix = ByteBuffer.allocate(PREFIX);
    prefix.putInt(MAGIC).putShort(VERSION).putInt(header.length).flip();
    CRC32C crc = new CRC32C();
    crc.update(header);
    ByteBuffer headerCrc = ByteBuffer.allocate(4).putInt((int) crc.getValue()).flip();
    writeFully(ch, prefix);
    writeFully(ch, ByteBuffer.wrap(header));
    writeFully(ch, headerCrc);
    StoredBody body = object.body();
    crc.reset();
    for (int i = 0; i < body.segmentCount(); i++) {
      crc.update(body.segment(i));
      writeFully(ch, body.segment(i));
    }
    writeFully(ch, ByteBuffer.allocate(4).putInt((int) crc.getValue()).flip());
    return PREFIX + header.length + 4L + body.length() + 4L;
  }

  /** Reads and checks the header of a {@code fileSize}-byte file; does not read the body. */
  static Header readHeader(FileChannel ch, long fileSize) throws IOException {
    if (fileSize < PREFIX + 4 + 4) {
      throw new CorruptException("shorter than an empty object file: " + fileSize + " bytes");
    }
    ByteBuffer prefix = readFully(ch, 0, PREFIX);
    if (prefix.getInt() != MAGIC) {
      throw new CorruptException("bad magic");
    }
    short version = prefix.getShort();
    if (version != VERSION) {
      throw new CorruptException("unknown version " + version);
    }
    int length = prefix.getInt();
    if (length < 0 || length > MAX_HEADER || PREFIX + length + 8L > fileSize) {
      throw new CorruptException("header length " + length + " out of range");
    }
    ByteBuffer headerAndCrc = readFully(ch, PREFIX, length + 4);
    CRC32C crc = new CRC32C();
    crc.update(headerAndCrc.array(), 0, length);
    if ((int) crc.getValue() != headerAndCrc.getInt(length)) {
      throw new CorruptException("header checksum mismatch");
    }
    Header header;
    try {
      header = decodeHeader(ByteBuffer.wrap(headerAndCrc.array(), 0, length), PREFIX + length + 4L);
    } catch (BufferUnderflowException | IllegalArgumentException e) {
      throw new CorruptException("malformed header: " + e);
    }
    if (header.bodyOffset() + header.bodyLength() + 4 != fileSize) {
      throw new CorruptException(
          "file is "
              + fileSize
              + " bytes, header says "
              + (header.bodyOffset() + header.bodyLength() + 4));
    }
    return header;
  }

  /** Reads the whole object, checking both checksums. */
  static CachedObject read(FileChannel ch, long fileSize) throws IOException {
    Header header = readHeader(ch, fileSize);
    long length = header.bodyLength();
    List<ByteBuffer> segments = new ArrayList<>((int) (length / StoredBody.MAX_SEGMENT + 1));
    CRC32C crc = new CRC32C();
    long at = header.bodyOffset();
    long end = at + length;
    while (at < end) {
      int n = (int) Math.min(StoredBody.MAX_SEGMENT, end - at);
      ByteBuffer segment = StoredBody.allocate(n);
      while (segment.hasRemaining()) {
        if (ch.read(segment, at + segment.position()) < 0) {
          throw new CorruptException("body ends early");
        }
      }
      segment.flip();
      crc.update(segment.duplicate());
      segments.add(segment);
      at += n;
    }
    if ((int) crc.getValue() != readFully(ch, end, 4).getInt()) {
      throw new CorruptException("body checksum mismatch");
    }
    CachedObject o = header.object();
    return new CachedObject(
        o.primaryKey(),
        o.host(),
        o.path(),
        o.varyNames(),
        o.variantKey(),
        o.status(),
        o.headers(),
        StoredBody.of(segments),
        o.requestTimeMillis(),
        o.responseTimeMillis(),
        o.lifetime(),
        o.tags(),
        o.storedGeneration());
  }

  private static byte[] encodeHeader(CachedObject o) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    DataOutputStream out = new DataOutputStream(bytes);
    writeString(out, o.primaryKey());
    writeString(out, o.variantKey());
    writeStrings(out, o.varyNames());
    writeString(out, o.host());
    writeString(out, o.path());
    out.writeInt(o.status());
    out.writeInt(o.headers().size());
    for (Map.Entry<String, String> e : o.headers()) {
      writeString(out, e.getKey());
      writeString(out, e.getValue());
    }
    out.writeLong(o.requestTimeMillis());
    out.writeLong(o.responseTimeMillis());
    Lifetime l = o.lifetime();
    out.writeLong(l.freshMillis());
    out.writeLong(l.initialAgeMillis());
    out.writeLong(l.staleWhileRevalidateMillis());
    out.writeLong(l.staleIfErrorMillis());
    out.writeBoolean(l.mustRevalidate());
    out.writeBoolean(l.noCache());
    writeStrings(out, o.tags());
    out.writeLong(o.storedGeneration());
    out.writeLong(o.body().length());
    out.flush();
    return bytes.toByteArray();
  }

  private static Header decodeHeader(ByteBuffer in, long bodyOffset) throws CorruptException {
    String primaryKey = readString(in);
    String variantKey = readString(in);
    List<String> varyNames = readStrings(in);
    String host = readString(in);
    String path = readString(in);
    int status = in.getInt();
    int headerCount = in.getInt();
    if (headerCount < 0 || headerCount > in.remaining() / 8) {
      throw new CorruptException("header count " + headerCount + " out of range");
    }
    HttpHeaders headers = new DefaultHttpHeaders();
    for (int i = 0; i < headerCount; i++) {
      headers.add(readString(in), readString(in));
    }
    long requestTime = in.getLong();
    long responseTime = in.getLong();
    Lifetime lifetime =
        new Lifetime(
            in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.get() != 0, in.get() != 0);
    List<String> tags = readStrings(in);
    long generation = in.getLong();
    long bodyLength = in.getLong();
    if (in.hasRemaining() || bodyLength < 0) {
      throw new CorruptException("header has trailing bytes or a negative body length");
    }
    CachedObject object =
        new CachedObject(
            primaryKey,
            host,
            path,
            varyNames,
            variantKey,
            status,
            headers,
            StoredBody.EMPTY,
            requestTime,
            responseTime,
            lifetime,
            tags,
            generation);
    return new Header(object, bodyOffset, bodyLength);
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static void writeStrings(DataOutputStream out, List<String> list) throws IOException {
    out.writeInt(list.size());
    for (String s : list) {
      writeString(out, s);
    }
  }

  private static String readString(ByteBuffer in) throws CorruptException {
    int n = in.getInt();
    if (n < 0 || n > in.remaining()) {
      throw new CorruptException("string length " + n + " out of range");
    }
    String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
    in.position(in.position() + n);
    return s;
  }

  private static List<String> readStrings(ByteBuffer in) throws CorruptException {
    int n = in.getInt();
    if (n < 0 || n > in.remaining() / 4) {
      throw new CorruptException("list length " + n + " out of range");
    }
    List<String> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(readString(in));
    }
    return list;
  }

  private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static ByteBuffer readFully(FileChannel ch, long position, int length)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (ch.read(b, position + b.position()) < 0) {
        throw new CorruptException("truncated at " + (position + b.position()));
      }
    }
    return b.flip();
  }
}
