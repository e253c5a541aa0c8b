package dev.tierkit.bench.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One client connection of the load generator: encodes text-protocol {@code get} and {@code set}
 * requests into an output buffer and matches the replies, in order, against the requests still
 * outstanding (at most the pipeline depth).
 *
 * <p>Every reply is checked: a {@code get} must answer {@code END} (a miss) or exactly one {@code
 * VALUE} for the requested key whose flags equal its length, whose length lies in the configured
 * range and whose bytes are the {@link ValuePattern} for that key, followed by {@code END}; a
 * {@code set} must answer {@code STORED}. Anything else counts as an error. A reply that cannot be
 * framed (no {@code \r\n} where one must be) leaves the stream unusable: the connection is counted
 * as failed and closed.
 *
 * <p>Buffers are plain heap arrays: the parser reads bytes by index, and the socket copies through
 * the JDK's cached direct buffer, which costs little next to the system calls.
 */
final class LoadConnection {
  static final byte GET = 0;
  static final byte SET = 1;

  private static final byte[] GET_PREFIX = ascii("get ");
  private static final byte[] SET_PREFIX = ascii("set ");
  private static final byte[] VALUE_PREFIX = ascii("VALUE ");
  private static final byte[] END = ascii("END");
  private static final byte[] END_LINE = ascii("END\r\n");
  private static final byte[] STORED = ascii("STORED");

  final SocketChannel channel;
  private final ValuePattern values;
  private final int minLength;
  private final int maxLength;

  private final byte[] pendingOp;
  private final long[] pendingKey;
  private final long[] pendingSentAt;
  private int head;
  private int outstanding;

  private byte[] in;
  private ByteBuffer inBuffer;
  private int readPos;
  private int readLimit;

  private final byte[] out;
  private final ByteBuffer outBuffer;
  private int outLength;
  private boolean closed;

  /** This connection's registration with its worker's selector. */
  SelectionKey selectionKey;

  /** Whether the selector watches for writability (output left after a short write). */
  boolean wantsWrite;

  /** Next key of a fill phase (prefill or --load-items), stepping by the number of connections. */
  long nextFillKey;

  LoadConnection(
      SocketChannel channel, ValuePattern values, int minLength, int maxLength, int depth) {
    this.channel = channel;
    this.values = values;
    this.minLength = minLength;
    this.maxLength = maxLength;
    pendingOp = new byte[depth];
    pendingKey = new long[depth];
    pendingSentAt = new long[depth];
    int requestMax = 64 + ValuePattern.KEY_LENGTH + maxLength;
    out = new byte[depth * requestMax];
    outBuffer = ByteBuffer.wrap(out);
    in = new byte[Math.max(64 * 1024, 4 * requestMax)];
    inBuffer = ByteBuffer.wrap(in);
  }

  int outstanding() {
    return outstanding;
  }

  boolean closed() {
    return closed;
  }

  boolean hasPendingOutput() {
    return outBuffer.position() < outLength;
  }

  /** Whether one more request of the largest kind fits in the output buffer. */
  boolean canEncode(int depth) {
    return outstanding < depth
        && out.length - outLength >= 64 + ValuePattern.KEY_LENGTH + maxLength;
  }

  void encodeGet(long key, long now) {
    int p = outLength;
    System.arraycopy(GET_PREFIX, 0, out, p, GET_PREFIX.length);
    p = ValuePattern.writeKey(out, p + GET_PREFIX.length, key);
    out[p++] = '\r';
    out[p++] = '\n';
    outLength = p;
    enqueue(GET, key, now);
  }

  void encodeSet(long key, int length, long now) {
    int p = outLength;
    System.arraycopy(SET_PREFIX, 0, out, p, SET_PREFIX.length);
    p = ValuePattern.writeKey(out, p + SET_PREFIX.length, key);
    out[p++] = ' ';
    p = writeDecimal(out, p, length); // flags = length, checked on every hit
    out[p++] = ' ';
    out[p++] = '0';
    out[p++] = ' ';
    p = writeDecimal(out, p, length);
    out[p++] = '\r';
    out[p++] = '\n';
    values.writeValue(out, p, key, length);
    p += length;
    out[p++] = '\r';
    out[p++] = '\n';
    outLength = p;
    enqueue(SET, key, now);
  }

  private void enqueue(byte op, long key, long now) {
    int slot = (head + outstanding) % pendingOp.length;
    pendingOp[slot] = op;
    pendingKey[slot] = key;
    pendingSentAt[slot] = now;
    outstanding++;
  }

  /** Writes what the output buffer holds; returns false when the socket could not take it all. */
  boolean flush() throws IOException {
    outBuffer.limit(outLength);
    channel.write(outBuffer);
    if (outBuffer.position() == outLength) {
      outBuffer.clear();
      outLength = 0;
      return true;
    }
    return false;
  }

  /**
   * Reads what the socket has and settles every complete reply into {@code stats} (counting and
   * timing only when {@code measuring}). Returns false when the connection ended or broke.
   */
  boolean readReplies(LoadStats stats, boolean measuring, long now) throws IOException {
    inBuffer.limit(in.length).position(readLimit);
    int n = channel.read(inBuffer);
    if (n < 0) {
      fail(stats, "connection closed by the server with " + outstanding + " replies outstanding");
      return false;
    }
    readLimit += n;
    if (!parse(stats, measuring, now)) {
      return false;
    }
    if (readPos == readLimit) {
      readPos = 0;
      readLimit = 0;
    } else if (readPos > 0 && in.length - readLimit < in.length / 4) {
      System.arraycopy(in, readPos, in, 0, readLimit - readPos);
      readLimit -= readPos;
      readPos = 0;
    }
    return true;
  }

  private boolean parse(LoadStats stats, boolean measuring, long now) {
    while (outstanding > 0) {
      int lf = indexOf(in, readPos, readLimit, (byte) '\n');
      if (lf < 0) {
        return ensureRoom(readLimit - readPos + 1, stats);
      }
      int lineEnd = lf - 1;
      if (lineEnd < readPos || in[lineEnd] != '\r') {
        fail(stats, "reply line without \\r\\n: " + text(readPos, lf));
        return false;
      }
      byte op = pendingOp[head];
      long key = pendingKey[head];
      int next;
      if (op == GET) {
        if (equalsAt(readPos, lineEnd, END)) {
          if (measuring) {
            stats.gets++;
            stats.misses++;
          }
          next = lf + 1;
        } else if (startsWith(readPos, lineEnd, VALUE_PREFIX)) {
          next = valueReply(lf, lineEnd, key, stats, measuring);
          if (next <= 0) {
            return next == 0;
          }
        } else {
          if (measuring) {
            stats.gets++;
          }
          stats.error("get " + key + ": " + text(readPos, lineEnd));
          next = lf + 1;
        }
      } else {
        if (measuring) {
          stats.sets++;
        }
        if (equalsAt(readPos, lineEnd, STORED)) {
          if (measuring) {
            stats.stored++;
          }
        } else {
          stats.error("set " + key + ": " + text(readPos, lineEnd));
        }
        next = lf + 1;
      }
      if (measuring) {
        stats.latency.record(now - pendingSentAt[head]);
      }
      readPos = next;
      head = (head + 1) % pendingOp.length;
      outstanding--;
    }
    if (readPos < readLimit) {
      fail(stats, "unexpected bytes with no request outstanding: " + text(readPos, readLimit));
      return false;
    }
    return true;
  }

  /**
   * Settles a {@code VALUE} reply whose header line ends at {@code lf}: returns where the next
   * reply starts, 0 when the reply is not complete yet (room is made for it), -1 when it cannot be
   * framed.
   */
  private int valueReply(int lf, int lineEnd, long key, LoadStats stats, boolean measuring) {
    int keyStart = readPos + VALUE_PREFIX.length;
    int keyEnd = indexOf(in, keyStart, lineEnd, (byte) ' ');
    int flagsEnd = keyEnd < 0 ? -1 : indexOf(in, keyEnd + 1, lineEnd, (byte) ' ');
    long flags = flagsEnd < 0 ? -1 : parseDecimal(keyEnd + 1, flagsEnd);
    long length = flagsEnd < 0 ? -1 : parseDecimal(flagsEnd + 1, lineEnd);
    if (length < 0 || length > Integer.MAX_VALUE - 16) {
      fail(stats, "get " + key + ": malformed VALUE line: " + text(readPos, lineEnd));
      return -1;
    }
    int dataStart = lf + 1;
    int dataEnd = dataStart + (int) length;
    int end = dataEnd + 2 + END_LINE.length;
    if (end > readLimit) {
      if (length > maxLength) {
        fail(stats, "get " + key + ": value of " + length + " bytes, above " + maxLength);
        return -1;
      }
      return ensureRoom(end - readPos, stats) ? 0 : -1;
    }
    if (in[dataEnd] != '\r'
        || in[dataEnd + 1] != '\n'
        || !equalsAt(dataEnd + 2, end - 2, END)
        || in[end - 2] != '\r'
        || in[end - 1] != '\n') {
      fail(stats, "get " + key + ": value not followed by \\r\\nEND\\r\\n");
      return -1;
    }
    if (measuring) {
      stats.gets++;
    }
    if (!ValuePattern.isKey(in, keyStart, keyEnd - keyStart, key)) {
      stats.error("get " + key + ": answered for key " + text(keyStart, keyEnd));
    } else if (flags != length || length < minLength || length > maxLength) {
      stats.error("get " + key + ": flags " + flags + " and length " + length + " do not match");
    } else if (!values.isValue(in, dataStart, key, (int) length)) {
      stats.error("get " + key + ": value bytes differ from what was stored");
    } else if (measuring) {
      stats.hits++;
    }
    return end;
  }

  /** Makes room for a reply of {@code needed} bytes from {@link #readPos}; false if absurd. */
  private boolean ensureRoom(int needed, LoadStats stats) {
    if (needed <= in.length - readPos) {
      return true;
    }
    if (needed > 64 << 20) {
      fail(stats, "reply longer than 64 MiB without a line end");
      return false;
    }
    byte[] bigger = needed > in.length ? new byte[Math.max(needed, 2 * in.length)] : in;
    System.arraycopy(in, readPos, bigger, 0, readLimit - readPos);
    readLimit -= readPos;
    readPos = 0;
    in = bigger;
    inBuffer = ByteBuffer.wrap(in);
    return true;
  }

  private void fail(LoadStats stats, String why) {
    stats.error(why);
    close();
  }

  void close() {
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      // closing a socket that failed already: nothing left to report
    }
  }

  private long parseDecimal(int from, int to) {
    if (from >= to || to - from > 18) {
      return -1;
    }
    long v = 0;
    for (int i = from; i < to; i++) {
      int d = in[i] - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      v = v * 10 + d;
    }
    return v;
  }

  private boolean equalsAt(int from, int to, byte[] expected) {
    if (to - from != expected.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (in[from + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  private boolean startsWith(int from, int to, byte[] prefix) {
    return to - from >= prefix.length && equalsAt(from, from + prefix.length, prefix);
  }

  private String text(int from, int to) {
    int end = Math.min(to, from + 80);
    return new String(in, from, Math.max(0, end - from), StandardCharsets.US_ASCII);
  }

  private static int indexOf(byte[] a, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static int writeDecimal(byte[] dst, int offset, int value) {
    int digits = 1;
    for (int v = value; v >= 10; v /= 10) {
      digits++;
    }
    int v = value;
    for (int i = offset + digits - 1; i >= offset; i--) {
      dst[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    return offset + digits;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
