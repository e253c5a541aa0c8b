package dev.tierkit.mq.store;

/**
 * A message's place in the log: created by {@link MessageStore#appendPersistent} or {@link
 * MessageStore#appendTransient}, located (segment and offset) by the writer when it writes the
 * record. Queues keep this handle instead of the body. Identity is the handle itself; {@link #id()}
 * is unique within one store directory.
 */
public final class StoredMessage {
  private final long id;
  private final boolean persistent;
  private final int size;

  // Owned by the writer thread, apart from the initial value set before the handle is published.
  int refs;

  // Set by the writer before written is set, read by others only after seeing written.
  Segment segment;
  long position;
  private volatile boolean written;

  StoredMessage(long id, boolean persistent, int size, int refs) {
    this.id = id;
    this.persistent = persistent;
    this.size = size;
    this.refs = refs;
  }

  static StoredMessage recovered(long id, int size, Segment segment, long position) {
    StoredMessage message = new StoredMessage(id, true, size, 0);
    message.segment = segment;
    message.position = position;
    message.written = true;
    return message;
  }

  /** The message's id, unique within the store directory, across restarts. */
  public long id() {
    return id;
  }

  /** Whether the record is in the file (so {@link MessageStore#read} works); not yet durable. */
  public boolean isWritten() {
    return written;
  }

  /** The record's size in the log in bytes, header included. */
  public int size() {
    return size;
  }

  /** Whether this message survives a restart (appended with {@code appendPersistent}). */
  public boolean isPersistent() {
    return persistent;
  }

  void markWritten() {
    written = true;
  }

  @Override
  public String toString() {
    return "StoredMessage[id=" + id + (persistent ? ", persistent" : ", transient") + "]";
  }
}
