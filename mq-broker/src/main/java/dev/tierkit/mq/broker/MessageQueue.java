package dev.tierkit.mq.broker;

import dev.tierkit.mq.store.StoredMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One queue: ready messages in order, its consumers, and the rules its arguments set (TTL, length
 * limits, dead-lettering, expiry, single active consumer).
 *
 * <p>Design: the queue's state is guarded by its own monitor and changed synchronously by whichever
 * event loop touches it (a publisher's, a consumer's channel on ack, a timer), so a protocol
 * handler gets its answer (declare-ok counts, get-ok, consume refusals) without a hop. Handing a
 * message to a consumer never writes to a socket under the lock: {@link Consumer#deliver} queues it
 * for the consumer's own event loop. Work that takes other locks, dead-lettering into other queues
 * and auto-deletion from the virtual host, runs after the monitor is released, so lock order is
 * always virtual host, then queue, and two queues never hold each other.
 *
 * <p>Dispatch is round-robin over consumers with credit (prefetch; for no-ack consumers, a writable
 * channel), or only the first consumer under {@code x-single-active-consumer}. Requeued messages go
 * back to their original positions. Expiry is checked at the head, as RabbitMQ does: lazily on
 * every dispatch and get, and by a timer set for the head's expiry instant.
 *
 * <p>Flow control: while a queue that has consumers holds more than {@link #FLOW_HIGH} ready
 * messages, its publishers are asked to pause ({@link #awaitFlow}) until it is back under {@link
 * #FLOW_LOW}, as RabbitMQ's credit flow slows publishers to what its queues can deliver. Without it
 * a fast publisher takes the CPU its consumers need and the backlog only grows; a queue with no
 * consumers never throttles, so it can still fill up (to disk) while nobody reads.
 *
 * <p>Memory: ready messages hold their bodies up to the broker's per-queue memory limit; past it, a
 * new message's body is dropped from memory as soon as the message store has written it (a
 * persistent message in a durable queue is written anyway; anything else gets a transient record)
 * and only the entry, about a hundred bytes, stays. Bodies are then read back from the store at
 * delivery.
 */
public final class MessageQueue implements BindingDestination {
  private final VirtualHost vhost;
  private final String name;
  private final boolean durable;
  private final boolean exclusive;
  private final boolean autoDelete;
  private final Object owner;
  private final Map<String, Object> rawArguments;
  private final QueueArguments arguments;
  private final int storeId;

  private final ArrayDeque<QueueEntry> ready = new ArrayDeque<>();
  private final ArrayDeque<QueueEntry> pageOut = new ArrayDeque<>();
  private final ArrayList<Consumer> consumers = new ArrayList<>();
  private Consumer exclusiveConsumer;
  private int cursor;
  private long nextPosition;
  private long readyBytes;
  private long memoryBytes;
  private boolean deleted;
  private boolean hadConsumers;
  private long lastUsedAt;
  private ScheduledFuture<?> expiryTimer;
  private long expiryTimerAt = QueueEntry.NEVER;
  private ScheduledFuture<?> idleTimer;
  private List<Runnable> flowWaiters;
  private final ArrayDeque<Dead> deadLetters = new ArrayDeque<>();
  private boolean deadLettering;
  private Thread deadLetterOwner;

  /** Ready messages above which a queue with consumers slows its publishers. */
  public static final int FLOW_HIGH = 4096;

  /** Ready messages below which paused publishers resume. */
  public static final int FLOW_LOW = FLOW_HIGH / 2;

  /** An entry that must leave the queue for a dead-letter exchange or be discarded. */
  private record Dead(QueueEntry entry, String reason, List<Runnable> flowWaiters) {
    Dead(QueueEntry entry, String reason) {
      this(entry, reason, null);
    }
  }

  /** Marks a list of dead entries as having put some on the dead-letter line. */
  private static final Dead DRAIN = new Dead(null, "drain", null);

  MessageQueue(
      VirtualHost vhost,
      String name,
      boolean durable,
      boolean exclusive,
      boolean autoDelete,
      Object owner,
      Map<String, Object> rawArguments,
      QueueArguments arguments,
      int storeId) {
    this.vhost = vhost;
    this.name = Objects.requireNonNull(name, "name");
    this.durable = durable;
    this.exclusive = exclusive;
    this.autoDelete = autoDelete;
    this.owner = owner;
    this.rawArguments = Map.copyOf(rawArguments);
    this.arguments = arguments;
    this.storeId = storeId;
    this.lastUsedAt = vhost.broker().clock().millis();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean durable() {
    return durable;
  }

  public boolean exclusive() {
    return exclusive;
  }

  public boolean autoDelete() {
    return autoDelete;
  }

  /** The connection that owns an exclusive queue, else null. */
  public Object owner() {
    return owner;
  }

  public Map<String, Object> rawArguments() {
    return rawArguments;
  }

  public QueueArguments arguments() {
    return arguments;
  }

  /** The durable queue's id in the stores, or -1. */
  public int storeId() {
    return storeId;
  }

  public VirtualHost vhost() {
    return vhost;
  }

  /** Ready messages (not those out with consumers), as declare-ok reports. */
  public synchronized int messageCount() {
    return ready.size();
  }

  public synchronized int consumerCount() {
    return consumers.size();
  }

  /** Body bytes of ready messages held in memory. */
  public synchronized long memoryBytes() {
    return memoryBytes;
  }

  public synchronized boolean isDeleted() {
    return deleted;
  }

  /** True when {@code connection} may use the queue: it is not exclusive, or it owns it. */
  public boolean accessibleFrom(Object connection) {
    return !exclusive || owner == connection;
  }

  /** Marks the queue used now (a redeclare), which postpones {@code x-expires}. */
  public synchronized void touch() {
    lastUsedAt = vhost.broker().clock().millis();
    scheduleIdleCheck();
  }

  /**
   * Appends a published message. Returns false when the queue refuses it ({@code x-overflow
   * reject-publish} at a length limit), which a confirming publisher sees as a nack.
   */
  public boolean enqueue(Message message) {
    List<Dead> dead = new ArrayList<>(0);
    boolean accepted;
    synchronized (this) {
      accepted = enqueueLocked(message, dead);
    }
    settleDead(dead);
    return accepted;
  }

  private boolean enqueueLocked(Message message, List<Dead> dead) {
    Message own = ownCopy(message);
    if (deleted) {
      // Routed just before the delete: the message is dropped, as RabbitMQ drops it.
      StoredMessage stored = own.stored();
      if (stored != null) {
        vhost.broker().releaseStored(storeId, stored);
      }
      return true;
    }
    long now = vhost.broker().clock().millis();
    Long ttl = effectiveTtl(message);
    long expiresAt = ttl == null ? QueueEntry.NEVER : now + ttl;
    QueueEntry entry = new QueueEntry(own, nextPosition++, expiresAt, false);
    if (wouldOverflow(message.bodySize())) {
      Overflow overflow = arguments.overflow();
      if (overflow == Overflow.REJECT_PUBLISH || overflow == Overflow.REJECT_PUBLISH_DLX) {
        if (overflow == Overflow.REJECT_PUBLISH_DLX) {
          die(dead, entry, "maxlen");
        } else {
          settle(entry);
        }
        return false;
      }
    }
    add(entry, true);
    trimToLimits(dead);
    dispatchLocked(now, dead);
    return true;
  }

  /** The message as this queue keeps it: a store handle only when it holds a reference for us. */
  private Message ownCopy(Message message) {
    if (message.stored() == null || (storeId >= 0 && message.persistent())) {
      return message;
    }
    return message.withStored(null);
  }

  private Long effectiveTtl(Message message) {
    Long queueTtl = arguments.messageTtlMillis();
    Long messageTtl;
    try {
      messageTtl = Expiration.parse(message.properties().expiration());
    } catch (ArgumentException e) {
      messageTtl = null;
    }
    if (queueTtl == null) {
      return messageTtl;
    }
    return messageTtl == null ? queueTtl : Math.min(queueTtl, messageTtl);
  }

  private boolean wouldOverflow(int bodySize) {
    Long maxLength = arguments.maxLength();
    Long maxBytes = arguments.maxLengthBytes();
    return (maxLength != null && ready.size() + 1 > maxLength)
        || (maxBytes != null && readyBytes + bodySize > maxBytes);
  }

  private void trimToLimits(List<Dead> dead) {
    Long maxLength = arguments.maxLength();
    Long maxBytes = arguments.maxLengthBytes();
    while (!ready.isEmpty()
        && ((maxLength != null && ready.size() > maxLength)
            || (maxBytes != null && readyBytes > maxBytes))) {
      die(dead, removeHead(), "maxlen");
    }
  }

  private void add(QueueEntry entry, boolean mayPage) {
    Message message = entry.message();
    if (mayPage
        && message.body() != null
        && memoryBytes + message.memoryCost() > vhost.broker().queueMemoryLimit()) {
      pageOutLater(entry);
    }
    ready.addLast(entry);
    entry.inQueue(true);
    readyBytes += message.bodySize();
    memoryBytes += entry.message().memoryCost();
    scheduleExpiry(entry.expiresAt());
  }

  private void pageOutLater(QueueEntry entry) {
    Message message = entry.message();
    if (message.stored() == null) {
      StoredMessage handle = vhost.broker().storeTransient(message);
      entry.message(message.withStored(handle).pagedCopy());
    } else {
      entry.message(message.pagedCopy());
    }
    pageOut.addLast(entry);
  }

  /** Drops bodies the store has written since; writes complete in order, so only the head. */
  private void releaseWrittenBodies() {
    while (!pageOut.isEmpty()) {
      QueueEntry head = pageOut.peekFirst();
      StoredMessage stored = head.message().stored();
      if (!stored.isWritten()) {
        return;
      }
      pageOut.pollFirst();
      if (head.inQueue()) {
        memoryBytes -= head.message().memoryCost();
        head.message().dropBody();
      }
    }
  }

  private QueueEntry removeHead() {
    QueueEntry entry = ready.pollFirst();
    entry.inQueue(false);
    readyBytes -= entry.message().bodySize();
    memoryBytes -= entry.message().memoryCost();
    return entry;
  }

  private void dispatchLocked(long now, List<Dead> dead) {
    releaseWrittenBodies();
    while (!ready.isEmpty()) {
      QueueEntry head = ready.peekFirst();
      if (isExpired(head, now)) {
        die(dead, removeHead(), "expired");
        continue;
      }
      Consumer consumer = reserveConsumer();
      if (consumer == null) {
        break;
      }
      consumer.deliver(this, removeHead());
    }
    if (!ready.isEmpty()) {
      scheduleExpiry(ready.peekFirst().expiresAt());
    }
    if (flowWaiters != null && (ready.size() <= FLOW_LOW || consumers.isEmpty())) {
      List<Runnable> waiters = flowWaiters;
      flowWaiters = null;
      // Run after the monitor is released: the callbacks only post to their event loops.
      dead.add(new Dead(null, "flow", waiters));
    }
  }

  /** True while publishers should pause: consumers are attached and the backlog is deep. */
  private boolean overloaded() {
    return ready.size() > FLOW_HIGH && !consumers.isEmpty();
  }

  /**
   * Registers {@code resume} to run (from any thread) once the queue has drained below {@link
   * #FLOW_LOW}; returns false, registering nothing, if it is not overloaded now.
   */
  public synchronized boolean awaitFlow(Runnable resume) {
    if (deleted || !overloaded()) {
      return false;
    }
    if (flowWaiters == null) {
      flowWaiters = new ArrayList<>(2);
    }
    flowWaiters.add(resume);
    return true;
  }

  /** True when a publish just made the queue overloaded, so its publisher should wait. */
  public synchronized boolean isOverloaded() {
    return overloaded();
  }

  private static boolean isExpired(QueueEntry entry, long now) {
    return entry.expiresAt() != QueueEntry.NEVER && now > entry.expiresAt();
  }

  private Consumer reserveConsumer() {
    int n = consumers.size();
    if (n == 0) {
      return null;
    }
    if (arguments.singleActiveConsumer() || exclusiveConsumer != null) {
      Consumer active = exclusiveConsumer != null ? exclusiveConsumer : consumers.get(0);
      return active.tryReserve() ? active : null;
    }
    for (int i = 0; i < n; i++) {
      int index = (cursor + i) % n;
      Consumer candidate = consumers.get(index);
      if (candidate.tryReserve()) {
        cursor = (index + 1) % n;
        return candidate;
      }
    }
    return null;
  }

  /** Tries to deliver again: a consumer got credit back or its channel became writable. */
  public void dispatch() {
    List<Dead> dead = new ArrayList<>(0);
    synchronized (this) {
      if (deleted) {
        return;
      }
      dispatchLocked(vhost.broker().clock().millis(), dead);
    }
    settleDead(dead);
  }

  /** The result of {@code basic.get}: the entry and how many ready messages remain after it. */
  public record Polled(QueueEntry entry, int remaining) {}

  /** Takes the head for {@code basic.get}, or returns null when nothing is ready. */
  public Polled poll() {
    List<Dead> dead = new ArrayList<>(0);
    Polled polled = null;
    synchronized (this) {
      long now = vhost.broker().clock().millis();
      lastUsedAt = now;
      releaseWrittenBodies();
      while (!ready.isEmpty()) {
        QueueEntry head = removeHead();
        if (isExpired(head, now)) {
          die(dead, head, "expired");
          continue;
        }
        polled = new Polled(head, ready.size());
        break;
      }
      scheduleIdleCheck();
    }
    settleDead(dead);
    return polled;
  }

  /**
   * Puts messages back (nack or reject with requeue, a channel closing with unacked messages,
   * recover), marked redelivered, each at its original position.
   */
  public void requeue(Collection<QueueEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    List<Dead> dead = new ArrayList<>(0);
    synchronized (this) {
      if (deleted) {
        for (QueueEntry entry : entries) {
          settle(entry);
        }
        return;
      }
      List<QueueEntry> sorted = new ArrayList<>(entries);
      sorted.sort(Comparator.comparingLong(QueueEntry::position));
      for (QueueEntry entry : sorted) {
        entry.markRedelivered();
      }
      if (ready.isEmpty()
          || sorted.get(sorted.size() - 1).position() < ready.peekFirst().position()) {
        for (int i = sorted.size() - 1; i >= 0; i--) {
          addBack(sorted.get(i), true);
        }
      } else {
        List<QueueEntry> merged = new ArrayList<>(ready.size() + sorted.size());
        merged.addAll(ready);
        merged.addAll(sorted);
        merged.sort(Comparator.comparingLong(QueueEntry::position));
        for (QueueEntry entry : new ArrayList<>(ready)) {
          entry.inQueue(false);
        }
        ready.clear();
        readyBytes = 0;
        memoryBytes = 0;
        for (QueueEntry entry : merged) {
          addBack(entry, false);
        }
      }
      dispatchLocked(vhost.broker().clock().millis(), dead);
    }
    settleDead(dead);
  }

  private void addBack(QueueEntry entry, boolean first) {
    if (first) {
      ready.addFirst(entry);
    } else {
      ready.addLast(entry);
    }
    entry.inQueue(true);
    readyBytes += entry.message().bodySize();
    memoryBytes += entry.message().memoryCost();
    scheduleExpiry(entry.expiresAt());
  }

  /**
   * A consumer settled an entry it held: acknowledged (the message is gone), or rejected without
   * requeue (dead-lettered if the queue says so, else gone).
   */
  public void settle(QueueEntry entry, boolean rejected) {
    if (rejected && arguments.deadLetterExchange() != null) {
      synchronized (this) {
        deadLetters.addLast(new Dead(entry, "rejected"));
      }
      drainDeadLetters();
    } else {
      settle(entry);
    }
  }

  /** The entry leaves the broker: drop this queue's reference in the store. */
  private void settle(QueueEntry entry) {
    StoredMessage stored = entry.message().stored();
    if (stored != null) {
      vhost.broker().releaseStored(storeId, stored);
    }
  }

  /**
   * An entry dies (expired, dropped by a length limit, refused): with a dead-letter exchange it
   * joins the queue's dead-letter line at once, while the monitor is still held, so dead letters
   * leave in the order their messages died even when two threads let messages die together. Called
   * with the monitor held.
   */
  private void die(List<Dead> dead, QueueEntry entry, String reason) {
    if (arguments.deadLetterExchange() != null) {
      deadLetters.addLast(new Dead(entry, reason));
      dead.add(DRAIN);
    } else {
      dead.add(new Dead(entry, reason));
    }
  }

  /** After the monitor is released: run flow waiters, drop dead entries, drain dead letters. */
  private void settleDead(List<Dead> dead) {
    boolean drain = false;
    for (Dead d : dead) {
      if (DRAIN.equals(d)) {
        drain = true;
      } else if (d.flowWaiters() != null) {
        d.flowWaiters().forEach(Runnable::run);
      } else {
        settle(d.entry());
      }
    }
    if (drain) {
      drainDeadLetters();
    }
  }

  /**
   * Republishes queued dead letters in the order they died, one thread at a time: expiry on the
   * timer and a publisher's dispatch may both let messages die at once, and a body kept only in the
   * log is read asynchronously, after which the reader thread carries on with the rest.
   */
  private void drainDeadLetters() {
    while (true) {
      Dead next;
      synchronized (this) {
        if (deadLettering && deadLetterOwner != Thread.currentThread()) {
          return;
        }
        next = deadLetters.pollFirst();
        if (next == null) {
          deadLettering = false;
          deadLetterOwner = null;
          return;
        }
        deadLettering = true;
        deadLetterOwner = Thread.currentThread();
      }
      QueueEntry entry = next.entry();
      if (entry.message().body() != null) {
        vhost.deadLetter(this, entry, next.reason(), () -> settle(entry));
        continue;
      }
      synchronized (this) {
        // The reader thread takes over once the body has been read.
        deadLetterOwner = null;
      }
      vhost.deadLetter(
          this,
          entry,
          next.reason(),
          () -> {
            settle(entry);
            synchronized (this) {
              deadLetterOwner = Thread.currentThread();
            }
            drainDeadLetters();
          });
      return;
    }
  }

  /**
   * Adds a consumer. An exclusive consumer needs the queue to have none; nobody may join one that
   * is exclusive.
   */
  public void addConsumer(Consumer consumer, boolean exclusiveConsume) {
    List<Dead> dead = new ArrayList<>(0);
    synchronized (this) {
      if (deleted) {
        throw AmqpException.notFound("no queue '" + name + "' in vhost '" + vhost.name() + "'");
      }
      if (exclusiveConsumer != null || (exclusiveConsume && !consumers.isEmpty())) {
        throw AmqpException.accessRefused(
            "queue '" + name + "' in vhost '" + vhost.name() + "' in exclusive use");
      }
      consumers.add(consumer);
      if (exclusiveConsume) {
        exclusiveConsumer = consumer;
      }
      hadConsumers = true;
      cancelIdleTimer();
      dispatchLocked(vhost.broker().clock().millis(), dead);
    }
    settleDead(dead);
  }

  /** Removes a consumer (cancel, or its channel closed); may auto-delete the queue. */
  public void removeConsumer(Consumer consumer) {
    boolean deleteNow = false;
    List<Dead> dead = new ArrayList<>(0);
    synchronized (this) {
      int index = consumers.indexOf(consumer);
      if (index < 0) {
        return;
      }
      consumers.remove(index);
      if (exclusiveConsumer == consumer) {
        exclusiveConsumer = null;
      }
      if (cursor > index) {
        cursor--;
      }
      if (cursor >= consumers.size()) {
        cursor = 0;
      }
      lastUsedAt = vhost.broker().clock().millis();
      if (autoDelete && hadConsumers && consumers.isEmpty() && !deleted) {
        deleteNow = true;
      } else {
        scheduleIdleCheck();
        // The next consumer under single-active-consumer may take what the last one left.
        dispatchLocked(lastUsedAt, dead);
      }
    }
    settleDead(dead);
    if (deleteNow) {
      vhost.deleteQueueQuietly(this);
    }
  }

  /** Empties the ready messages; returns how many there were. */
  public int purge() {
    return clearReady(false);
  }

  /**
   * Drops the ready messages. A purge logs one removal per message, so messages out with consumers
   * at the time still come back after a crash; a deleted queue logs one purge record, since nothing
   * of it may come back.
   */
  private int clearReady(boolean deleting) {
    List<StoredMessage> handles = new ArrayList<>();
    int count;
    synchronized (this) {
      count = ready.size();
      for (QueueEntry entry : ready) {
        entry.inQueue(false);
        StoredMessage stored = entry.message().stored();
        if (stored != null) {
          handles.add(stored);
        }
      }
      ready.clear();
      pageOut.clear();
      readyBytes = 0;
      memoryBytes = 0;
      if (deleting) {
        vhost.broker().purgeStored(storeId, handles);
      } else {
        for (StoredMessage handle : handles) {
          vhost.broker().releaseStored(storeId, handle);
        }
      }
    }
    return count;
  }

  /**
   * Marks the queue deleted: ready messages are dropped, consumers are told with basic.cancel.
   * Returns the ready count. Called by the virtual host under its lock.
   */
  int markDeleted() {
    List<Consumer> cancelled;
    int count;
    synchronized (this) {
      if (deleted) {
        return 0;
      }
      deleted = true;
      if (flowWaiters != null) {
        flowWaiters.forEach(Runnable::run);
        flowWaiters = null;
      }
      cancelled = new ArrayList<>(consumers);
      consumers.clear();
      exclusiveConsumer = null;
      cancelIdleTimer();
      if (expiryTimer != null) {
        expiryTimer.cancel(false);
        expiryTimer = null;
      }
    }
    count = clearReady(true);
    for (Consumer consumer : cancelled) {
      consumer.cancelledByServer(this);
    }
    return count;
  }

  /** Loads messages recovered from the store, all marked redelivered. */
  synchronized void recover(List<Message> messages) {
    long now = vhost.broker().clock().millis();
    for (Message message : messages) {
      // The store keeps no enqueue time, so a recovered message's TTL counts from recovery.
      Long ttl = effectiveTtl(message);
      long expiresAt = ttl == null ? QueueEntry.NEVER : now + ttl;
      add(new QueueEntry(message, nextPosition++, expiresAt, true), false);
    }
  }

  private void scheduleExpiry(long at) {
    if (at == QueueEntry.NEVER || at >= expiryTimerAt || deleted) {
      return;
    }
    if (expiryTimer != null) {
      expiryTimer.cancel(false);
    }
    long delay = Math.max(0, at - vhost.broker().clock().millis()) + 1;
    expiryTimerAt = at;
    expiryTimer =
        vhost.broker().timers().schedule(this::onExpiryTimer, delay, TimeUnit.MILLISECONDS);
  }

  private void onExpiryTimer() {
    synchronized (this) {
      expiryTimer = null;
      expiryTimerAt = QueueEntry.NEVER;
    }
    dispatch();
  }

  private void scheduleIdleCheck() {
    Long expires = arguments.expiresMillis();
    if (expires == null || deleted || !consumers.isEmpty()) {
      return;
    }
    cancelIdleTimer();
    idleTimer = vhost.broker().timers().schedule(this::onIdleTimer, expires, TimeUnit.MILLISECONDS);
  }

  private void cancelIdleTimer() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }

  private void onIdleTimer() {
    Long expires = arguments.expiresMillis();
    boolean expired;
    synchronized (this) {
      expired =
          !deleted
              && consumers.isEmpty()
              && vhost.broker().clock().millis() - lastUsedAt >= expires;
    }
    if (expired) {
      vhost.deleteQueueQuietly(this);
    } else {
      synchronized (this) {
        scheduleIdleCheck();
      }
    }
  }

  @Override
  public String toString() {
    return "queue '" + name + "' in vhost '" + vhost.name() + "'";
  }
}
