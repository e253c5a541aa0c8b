package dev.tierkit.bench.cache;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * One thread of the load generator: a selector over its share of the connections, each kept at its
 * pipeline depth (a closed loop: a reply lets the connection send one more request). Replies of one
 * read are settled together and the requests that refill the pipeline go out in one write.
 *
 * <p>Two kinds of phase: a fill phase stores every key of a range once (the prefill and {@code
 * --load-items}), and a mixed phase draws gets and sets until the coordinator says stop, counting
 * only what completes while {@link Control#measuring} is set.
 */
final class LoadWorker {
  /** Flags the coordinating thread flips; workers look at them once per selector round. */
  static final class Control {
    volatile boolean measuring;
    volatile boolean stopping;
  }

  private final Selector selector;
  private final List<LoadConnection> connections = new ArrayList<>();
  private final LoadOptions options;
  private final SplittableRandom random;
  private final LongSupplier keys;

  LoadWorker(LoadOptions options, long seed) throws IOException {
    this.options = options;
    this.selector = Selector.open();
    this.random = new SplittableRandom(seed);
    if (options.zipf()) {
      ZipfGenerator zipf =
          new ZipfGenerator(options.keys(), options.zipfExponent(), seed ^ 0x5DEECE66DL);
      this.keys = zipf::next;
    } else {
      this.keys = () -> random.nextLong(options.keys());
    }
  }

  void add(LoadConnection connection) throws IOException {
    connections.add(connection);
    connection.channel.configureBlocking(false);
    connection.selectionKey =
        connection.channel.register(selector, SelectionKey.OP_READ, connection);
  }

  /**
   * Stores keys {@code first, first + step, ...} below {@code count} on each connection, with
   * {@code valueLength} bytes each, or a length uniform in the configured range when it is 0.
   * Returns when every reply is in, or at {@code deadlineNanos}.
   */
  LoadStats fill(long count, int valueLength, int depth, long deadlineNanos) throws IOException {
    LoadStats stats = new LoadStats();
    long now = System.nanoTime();
    for (LoadConnection c : connections) {
      refillFill(c, count, valueLength, depth, now);
      flush(c, stats);
    }
    while (true) {
      boolean busy = false;
      for (LoadConnection c : connections) {
        busy |= !c.closed() && (c.outstanding() > 0 || c.nextFillKey < count);
      }
      if (!busy) {
        return stats;
      }
      if (System.nanoTime() > deadlineNanos) {
        stats.error("fill phase did not finish before its deadline");
        return stats;
      }
      selector.select(100);
      now = System.nanoTime();
      Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
      while (ready.hasNext()) {
        SelectionKey key = ready.next();
        ready.remove();
        LoadConnection c = (LoadConnection) key.attachment();
        if (!read(c, key, stats, true, now)) {
          continue;
        }
        if (!c.hasPendingOutput()) {
          refillFill(c, count, valueLength, depth, now);
        }
        flush(c, stats);
      }
    }
  }

  private void refillFill(LoadConnection c, long count, int valueLength, int depth, long now) {
    while (c.nextFillKey < count && c.canEncode(depth)) {
      int length = valueLength > 0 ? valueLength : valueLength();
      c.encodeSet(c.nextFillKey, length, now);
      c.nextFillKey += options.connections();
    }
  }

  /** The mixed phase: runs until {@code control.stopping}, then drains for up to two seconds. */
  LoadStats mix(Control control) throws IOException {
    LoadStats stats = new LoadStats();
    int depth = options.pipeline();
    long now = System.nanoTime();
    for (LoadConnection c : connections) {
      refillMix(c, depth, now);
      flush(c, stats);
    }
    long drainDeadline = 0;
    while (true) {
      boolean measuring = control.measuring;
      boolean stopping = control.stopping;
      if (stopping && drainDeadline == 0) {
        drainDeadline = System.nanoTime() + 2_000_000_000L;
      }
      if (stopping) {
        boolean busy = false;
        for (LoadConnection c : connections) {
          busy |= !c.closed() && c.outstanding() > 0;
        }
        if (!busy || System.nanoTime() > drainDeadline) {
          return stats;
        }
      }
      selector.select(100);
      now = System.nanoTime();
      Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
      while (ready.hasNext()) {
        SelectionKey key = ready.next();
        ready.remove();
        LoadConnection c = (LoadConnection) key.attachment();
        if (!read(c, key, stats, measuring, now)) {
          continue;
        }
        if (!stopping && !c.hasPendingOutput()) {
          refillMix(c, depth, now);
        }
        flush(c, stats);
      }
    }
  }

  private void refillMix(LoadConnection c, int depth, long now) {
    if (c.outstanding() > depth / 2) {
      return;
    }
    while (c.canEncode(depth)) {
      long key = keys.getAsLong();
      if (random.nextDouble() < options.getRatio()) {
        c.encodeGet(key, now);
      } else {
        c.encodeSet(key, valueLength(), now);
      }
    }
  }

  private int valueLength() {
    return options.minValue() == options.maxValue()
        ? options.minValue()
        : random.nextInt(options.minValue(), options.maxValue() + 1);
  }

  private static boolean read(
      LoadConnection c, SelectionKey key, LoadStats stats, boolean measuring, long now) {
    if (c.closed()) {
      return false;
    }
    try {
      if (key.isWritable() && !flush(c, stats)) {
        return false;
      }
      if (key.isReadable() && !c.readReplies(stats, measuring, now)) {
        return false;
      }
    } catch (IOException e) {
      stats.error("connection failed: " + e.getMessage());
      c.close();
      return false;
    }
    return !c.closed();
  }

  /** Writes pending output; asks the selector for writability only while some is left. */
  private static boolean flush(LoadConnection c, LoadStats stats) {
    if (c.closed()) {
      return false;
    }
    try {
      boolean done = c.flush();
      SelectionKey key = c.selectionKey;
      if (done == c.wantsWrite) {
        c.wantsWrite = !done;
        key.interestOps(done ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
      return true;
    } catch (IOException e) {
      stats.error("connection failed: " + e.getMessage());
      c.close();
      return false;
    }
  }

  void close() throws IOException {
    for (LoadConnection c : connections) {
      c.close();
    }
    selector.close();
  }
}
