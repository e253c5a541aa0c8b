package dev.tierkit.cdn.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A stored response body: an immutable sequence of segments of at most {@value #MAX_SEGMENT} bytes,
 * in memory outside the Java heap.
 *
 * <p>Why JDK direct buffers, neither heap arrays nor Netty's pooled buffers: a cached body is
 * shared by every response that serves it and dropped by the cache's eviction on another thread, so
 * a reference count would race with concurrent hits; a JDK direct buffer is freed by the garbage
 * collector once nothing refers to it, and Netty's wrapper around it ({@link
 * Unpooled#wrappedBuffer(ByteBuffer)}) never frees it on release. And the transport writes direct
 * memory as it is: a body on the heap is copied into a direct buffer on every write (and io_uring
 * first merges a composite of heap arrays into a new array), which a profile of 64 KiB hits showed
 * as the largest cost. When direct memory is exhausted ({@code -XX:MaxDirectMemorySize}), a segment
 * falls back to the heap, slower but correct.
 *
 * <p>Layout: {@code segments[i]} holds bytes {@code [offsets[i], offsets[i] + segments[i].limit())}
 * and every segment but the last is full, so a range read finds its first segment by division and
 * touches only the segments it needs.
 */
public final class StoredBody {
  /** The size of a full segment. */
  public static final int MAX_SEGMENT = 64 * 1024;

  /** The empty body. */
  public static final StoredBody EMPTY = new StoredBody(new ByteBuffer[0], 0);

  private final ByteBuffer[] segments;
  private final long length;

  private StoredBody(ByteBuffer[] segments, long length) {
    this.segments = segments;
    this.length = length;
  }

  /**
   * A body holding a copy of the readable bytes of {@code pieces} (such as a response's reads from
   * the origin, of any sizes), repacked into full segments.
   */
  public static StoredBody copyOfBuffers(List<ByteBuf> pieces) {
    long total = 0;
    for (ByteBuf p : pieces) {
      total += p.readableBytes();
    }
    if (total == 0) {
      return EMPTY;
    }
    ByteBuffer[] segments = new ByteBuffer[(int) ((total + MAX_SEGMENT - 1) / MAX_SEGMENT)];
    int s = 0;
    long left = total;
    ByteBuffer current = allocate((int) Math.min(MAX_SEGMENT, left));
    for (ByteBuf p : pieces) {
      int at = p.readerIndex();
      int end = p.writerIndex();
      while (at < end) {
        if (!current.hasRemaining()) {
          segments[s++] = current.flip();
          left -= MAX_SEGMENT;
          current = allocate((int) Math.min(MAX_SEGMENT, left));
        }
        int n = Math.min(current.remaining(), end - at);
        ByteBuffer dst = current.duplicate();
        dst.limit(dst.position() + n);
        p.getBytes(at, dst);
        current.position(current.position() + n);
        at += n;
      }
    }
    segments[s] = current.flip();
    return new StoredBody(segments, total);
  }

  /** A body holding a copy of {@code bytes}. */
  public static StoredBody copyOf(byte[] bytes) {
    return copyOfBuffers(List.of(Unpooled.wrappedBuffer(bytes)));
  }

  /**
   * A body of these segments, which it takes over: each full ({@value #MAX_SEGMENT} bytes from
   * position 0 to limit) but the last, which is not empty.
   */
  public static StoredBody of(List<ByteBuffer> segments) {
    long total = 0;
    for (int i = 0; i < segments.size(); i++) {
      ByteBuffer b = segments.get(i);
      if (b.position() != 0
          || b.limit() == 0
          || b.limit() > MAX_SEGMENT
          || (i < segments.size() - 1 && b.limit() != MAX_SEGMENT)) {
        throw new IllegalArgumentException(
            "segment " + i + " of " + segments.size() + " is " + b + ": not a full segment");
      }
      total += b.limit();
    }
    return total == 0 ? EMPTY : new StoredBody(segments.toArray(new ByteBuffer[0]), total);
  }

  /** A segment-sized buffer for filling: direct memory, or the heap when that is exhausted. */
  public static ByteBuffer allocate(int size) {
    try {
      return ByteBuffer.allocateDirect(size);
    } catch (OutOfMemoryError e) {
      return ByteBuffer.allocate(size);
    }
  }

  /** The body's length in bytes. */
  public long length() {
    return length;
  }

  /** How many segments the body has. */
  public int segmentCount() {
    return segments.length;
  }

  /** Segment {@code i}, as a read-only view from position 0. */
  public ByteBuffer segment(int i) {
    return segments[i].asReadOnlyBuffer();
  }

  /** Bytes {@code [from, to)} as a buffer over the segments; releasing it frees nothing. */
  public ByteBuf slice(long from, long to) {
    if (from < 0 || to > length || from > to) {
      throw new IndexOutOfBoundsException(
          "slice [" + from + ", " + to + ") of a " + length + "-byte body");
    }
    if (from == to) {
      return Unpooled.EMPTY_BUFFER;
    }
    int first = (int) (from / MAX_SEGMENT);
    int last = (int) ((to - 1) / MAX_SEGMENT);
    if (first == last) {
      return view(first, (int) (from - (long) first * MAX_SEGMENT), (int) (to - from));
    }
    ByteBuf[] parts = new ByteBuf[last - first + 1];
    for (int s = first; s <= last; s++) {
      long base = (long) s * MAX_SEGMENT;
      int start = s == first ? (int) (from - base) : 0;
      int end = s == last ? (int) (to - base) : segments[s].limit();
      parts[s - first] = view(s, start, end - start);
    }
    return Unpooled.wrappedBuffer(parts.length, parts);
  }

  private ByteBuf view(int segment, int start, int length) {
    ByteBuffer b = segments[segment].duplicate();
    b.position(start).limit(start + length);
    return Unpooled.wrappedBuffer(b);
  }

  /** The whole body as a buffer over the segments. */
  public ByteBuf all() {
    return slice(0, length);
  }

  /** A copy of the whole body on the heap (for tests). */
  public byte[] toByteArray() {
    if (length > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("a " + length + "-byte body does not fit in one array");
    }
    byte[] out = new byte[(int) length];
    int at = 0;
    for (ByteBuffer s : segments) {
      ByteBuffer d = s.duplicate();
      int n = d.remaining();
      d.get(out, at, n);
      at += n;
    }
    return out;
  }
}
