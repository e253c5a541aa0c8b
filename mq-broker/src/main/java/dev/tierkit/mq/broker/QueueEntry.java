package dev.tierkit.mq.broker;

/**
 * A message's place in one queue: the message, its position (queue-local sequence, which orders
 * requeued messages back into their original places), its expiry instant and whether it has been
 * delivered before. Owned by the queue while ready and by one channel while unacknowledged.
 */
public final class QueueEntry {
  static final long NEVER = Long.MAX_VALUE;

  private Message message;
  private final long position;
  private final long expiresAt;
  private boolean redelivered;
  private boolean inQueue;

  QueueEntry(Message message, long position, long expiresAt, boolean redelivered) {
    this.message = message;
    this.position = position;
    this.expiresAt = expiresAt;
    this.redelivered = redelivered;
  }

  public Message message() {
    return message;
  }

  void message(Message replacement) {
    this.message = replacement;
  }

  public long position() {
    return position;
  }

  /** Epoch milliseconds after which the message is dead, or {@link #NEVER}. */
  public long expiresAt() {
    return expiresAt;
  }

  public boolean redelivered() {
    return redelivered;
  }

  /** True while the entry is among its queue's ready messages (not out with a consumer). */
  boolean inQueue() {
    return inQueue;
  }

  void inQueue(boolean value) {
    inQueue = value;
  }

  void markRedelivered() {
    redelivered = true;
  }
}
