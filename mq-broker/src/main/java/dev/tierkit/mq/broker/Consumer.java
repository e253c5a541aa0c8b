package dev.tierkit.mq.broker;

/**
 * A subscription to a queue, implemented by the protocol layer. The queue calls these methods while
 * holding its own lock, from whichever thread touched it; implementations hand work to their own
 * event loop and return at once.
 */
public interface Consumer {
  /** The consumer tag, unique on its channel. */
  String tag();

  /** False for no-ack consumers: a delivery counts as acknowledged when it is sent. */
  boolean ackRequired();

  /** The connection the consumer belongs to, for exclusive-queue checks. */
  Object connection();

  /**
   * Takes one unit of credit (prefetch, and for no-ack consumers the channel's writability) if
   * there is any; a true return commits the caller to {@link #deliver} one entry.
   */
  boolean tryReserve();

  /** Gives back a reservation the queue could not use. */
  void unreserve();

  /** Hands one reserved entry over; the consumer now owns it. */
  void deliver(MessageQueue queue, QueueEntry entry);

  /** The queue went away (deleted, or its owner closed): tell the client with basic.cancel. */
  void cancelledByServer(MessageQueue queue);
}
