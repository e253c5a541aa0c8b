package dev.tierkit.mq.server;

import dev.tierkit.mq.broker.Consumer;
import dev.tierkit.mq.broker.MessageQueue;
import dev.tierkit.mq.broker.QueueEntry;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code basic.consume} subscription on one channel. Credit is counted with atomics because the
 * queue reserves it from whichever thread dispatches while the channel gives it back on its own
 * event loop: an ack-mode consumer may hold its prefetch (per consumer, and the channel's global
 * limit); a no-ack consumer may have a bounded number of deliveries waiting to be written, and none
 * while its connection is not writable, so a slow reader never makes the broker buffer without
 * bound.
 */
final class ChannelConsumer implements Consumer {
  /** Deliveries a no-ack consumer may have queued for writing before the queue waits. */
  static final int NO_ACK_WINDOW = 1024;

  private final AmqpChannel channel;
  private final String tag;
  private final MessageQueue queue;
  private final boolean ackRequired;
  private final int prefetch;
  private final AtomicInteger outstanding = new AtomicInteger();
  private volatile boolean starved;
  private volatile boolean cancelled;

  ChannelConsumer(
      AmqpChannel channel, String tag, MessageQueue queue, boolean ackRequired, int prefetch) {
    this.channel = channel;
    this.tag = tag;
    this.queue = queue;
    this.ackRequired = ackRequired;
    this.prefetch = prefetch;
  }

  @Override
  public String tag() {
    return tag;
  }

  MessageQueue queue() {
    return queue;
  }

  @Override
  public boolean ackRequired() {
    return ackRequired;
  }

  @Override
  public Object connection() {
    return channel.connection();
  }

  @Override
  public boolean tryReserve() {
    if (cancelled || !channel.mayDeliver()) {
      starved = true;
      return false;
    }
    if (!ackRequired) {
      if (!channel.connection().isWritable() || outstanding.get() >= NO_ACK_WINDOW) {
        starved = true;
        return false;
      }
      outstanding.incrementAndGet();
      return true;
    }
    if (prefetch > 0) {
      int current;
      do {
        current = outstanding.get();
        if (current >= prefetch) {
          starved = true;
          return false;
        }
      } while (!outstanding.compareAndSet(current, current + 1));
    } else {
      outstanding.incrementAndGet();
    }
    if (!channel.reserveGlobal()) {
      outstanding.decrementAndGet();
      starved = true;
      return false;
    }
    return true;
  }

  @Override
  public void unreserve() {
    release();
  }

  /** Gives one unit of credit back (an ack, or a no-ack delivery written). */
  void release() {
    outstanding.decrementAndGet();
    if (ackRequired) {
      channel.releaseGlobal();
    }
  }

  /** Asks the queue to dispatch again if this consumer was refused credit since last time. */
  void resumeIfStarved() {
    if (starved && !cancelled) {
      starved = false;
      queue.dispatch();
    }
  }

  @Override
  public void deliver(MessageQueue from, QueueEntry entry) {
    channel.enqueueDelivery(this, entry);
  }

  @Override
  public void cancelledByServer(MessageQueue from) {
    cancelled = true;
    channel.serverCancelled(this);
  }

  boolean cancelled() {
    return cancelled;
  }

  void cancel() {
    cancelled = true;
  }
}
