package dev.tierkit.cdn.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;

/**
 * A stored response body: an immutable sequence of heap segments, as they arrived from the origin.
 *
 * <p>Why heap arrays and not pooled direct buffers: a cached body is shared by every response that
 * serves it and dropped by the cache's eviction on another thread, so a reference count would race
 * with concurrent hits; the garbage collector has no such race. Serving wraps the segments without
 * copying ({@link #slice}); the transport copies them into its direct buffers as it writes, which
 * costs a memcpy per write. Segments are kept at the origin's read sizes (at most 64 KiB each, see
 * {@link #MAX_SEGMENT}) so no single array becomes a humongous object for the collector.
 *
 * <p>Layout: {@code segments[i]} holds bytes {@code [offsets[i], offsets[i] + segments[i].length)};
 * {@link #slice} finds the first segment by binary search, so a range read is O(log n + segments
 * touched).
 */
public final class StoredBody {
  /** The largest segment a body is cut into. */
  public static final int MAX_SEGMENT = 64 * 1024;

  /** The empty body. */
  public static final StoredBody EMPTY = new StoredBody(new byte[0][]);

  private final byte[][] segments;
  private final long[] offsets;
  private final long length;

  private StoredBody(byte[][] segments) {
    this.segments = segments;
    this.offsets = new long[segments.length];
    long at = 0;
    for (int i = 0; i < segments.length; i++) {
      if (segments[i].length > MAX_SEGMENT) {
        throw new IllegalArgumentException(
            "segment " + i + " is " + segments[i].length + " bytes, over " + MAX_SEGMENT);
      }
      offsets[i] = at;
      at += segments[i].length;
    }
    this.length = at;
  }

  /** A body of these segments, which the caller must not change afterwards. */
  public static StoredBody of(List<byte[]> segments) {
    return segments.isEmpty() ? EMPTY : new StoredBody(segments.toArray(new byte[0][]));
  }

  /** A body holding a copy of {@code bytes}, cut into segments of at most {@link #MAX_SEGMENT}. */
  public static StoredBody copyOf(byte[] bytes) {
    int n = (bytes.length + MAX_SEGMENT - 1) / MAX_SEGMENT;
    byte[][] segments = new byte[n][];
    for (int i = 0; i < n; i++) {
      segments[i] =
          Arrays.copyOfRange(bytes, i * MAX_SEGMENT, Math.min(bytes.length, (i + 1) * MAX_SEGMENT));
    }
    return n == 0 ? EMPTY : new StoredBody(segments);
  }

  /** The body's length in bytes. */
  public long length() {
    return length;
  }

  /** How many segments the body has. */
  public int segmentCount() {
    return segments.length;
  }

  /** Segment {@code i}; the caller must not change it. */
  public byte[] segment(int i) {
    return segments[i];
  }

  /** Bytes {@code [from, to)} as a buffer wrapping the segments; releasing it frees nothing. */
  public ByteBuf slice(long from, long to) {
    if (from < 0 || to > length || from > to) {
      throw new IndexOutOfBoundsException(
          "slice [" + from + ", " + to + ") of a " + length + "-byte body");
    }
    if (from == to) {
      return Unpooled.EMPTY_BUFFER;
    }
    int i = Arrays.binarySearch(offsets, from);
    if (i < 0) {
      i = -i - 2;
    }
    int first = i;
    int last = i;
    while (offsets[last] + segments[last].length < to) {
      last++;
    }
    if (first == last) {
      int start = (int) (from - offsets[first]);
      return Unpooled.wrappedBuffer(segments[first], start, (int) (to - from));
    }
    ByteBuf[] parts = new ByteBuf[last - first + 1];
    for (int s = first; s <= last; s++) {
      int start = s == first ? (int) (from - offsets[s]) : 0;
      int end = s == last ? (int) (to - offsets[s]) : segments[s].length;
      parts[s - first] = Unpooled.wrappedBuffer(segments[s], start, end - start);
    }
    return Unpooled.wrappedBuffer(parts.length, parts);
  }

  /** The whole body as a buffer wrapping the segments. */
  public ByteBuf all() {
    return slice(0, length);
  }

  /** A copy of the whole body (for tests and the disk tier). */
  public byte[] toByteArray() {
    if (length > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("a " + length + "-byte body does not fit in one array");
    }
    byte[] out = new byte[(int) length];
    for (int i = 0; i < segments.length; i++) {
      System.arraycopy(segments[i], 0, out, (int) offsets[i], segments[i].length);
    }
    return out;
  }
}
