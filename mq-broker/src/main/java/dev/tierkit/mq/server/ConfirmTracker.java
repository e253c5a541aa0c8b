package dev.tierkit.mq.server;

import java.util.Arrays;

/**
 * Publisher confirms for one channel in confirm mode: sequence numbers complete (ack or nack) in
 * any order, and {@link #report} turns what has completed since the last call into as few {@code
 * basic.ack}/{@code basic.nack} frames as the order allows: one {@code multiple} ack for each
 * contiguous run of acks from the lowest unreported number.
 *
 * <p>Layout: a ring of states indexed by {@code seq - base}, where {@code base} is the lowest
 * unreported sequence number; it grows by doubling when a publisher runs far ahead of its confirms.
 * Runs on the channel's event loop only.
 */
final class ConfirmTracker {
  private static final byte PENDING = 0;
  private static final byte ACK = 1;
  private static final byte NACK = 2;

  /** Receives the frames to send. */
  interface Sink {
    void ack(long seq, boolean multiple);

    void nack(long seq, boolean multiple);
  }

  private byte[] states = new byte[1024];
  private long base = 1;
  private long next = 1;

  /** Allocates the next publish sequence number. */
  long nextSeq() {
    long seq = next++;
    ensureCapacity(seq);
    return seq;
  }

  long lastSeq() {
    return next - 1;
  }

  /** Records an outcome; outcomes after the first for one number are ignored. */
  void complete(long seq, boolean ack) {
    if (seq < base || seq >= next) {
      return;
    }
    int index = index(seq);
    if (states[index] == PENDING) {
      states[index] = ack ? ACK : NACK;
    }
  }

  /** True when every published number has been reported. */
  boolean allReported() {
    return base == next;
  }

  /** Emits what completed, lowest first, stopping at the first pending number. */
  void report(Sink sink) {
    long runEnd = -1;
    long runLength = 0;
    while (base < next) {
      int index = index(base);
      byte state = states[index];
      if (state == PENDING) {
        break;
      }
      states[index] = PENDING;
      if (state == ACK) {
        runEnd = base;
        runLength++;
      } else {
        if (runLength > 0) {
          sink.ack(runEnd, runLength > 1);
          runLength = 0;
        }
        sink.nack(base, false);
      }
      base++;
    }
    if (runLength > 0) {
      sink.ack(runEnd, runLength > 1);
    }
  }

  private int index(long seq) {
    return (int) (seq % states.length);
  }

  private void ensureCapacity(long seq) {
    if (seq - base < states.length) {
      return;
    }
    byte[] grown = new byte[states.length * 2];
    for (long s = base; s < seq; s++) {
      grown[(int) (s % grown.length)] = states[(int) (s % states.length)];
    }
    Arrays.fill(states, PENDING);
    states = grown;
  }
}
