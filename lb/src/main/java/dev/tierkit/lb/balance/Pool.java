package dev.tierkit.lb.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A named set of backends behind one algorithm.
 *
 * <p>The backend list is copy-on-write: {@link #add}, {@link #remove} and {@link #rebuild} (after a
 * weight change) build a new list and a new {@link Balancer} and publish both in one volatile
 * write, so a pick on an event loop always sees a consistent pair and never takes a lock.
 */
public final class Pool {
  private final String name;
  private final Algorithm algorithm;
  private final BalancerSettings settings;
  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waiting = new AtomicInteger();
  private volatile State state;

  private record State(List<Backend> backends, Balancer balancer) {}

  /**
   * A pool with the {@link BalancerSettings#DEFAULTS default} balancer settings.
   *
   * @throws IllegalArgumentException when two backends share a {@link Backend#id}
   */
  public Pool(String name, Algorithm algorithm, List<Backend> backends) {
    this(name, algorithm, backends, BalancerSettings.DEFAULTS);
  }

  /**
   * @throws IllegalArgumentException when two backends share a {@link Backend#id}
   */
  public Pool(String name, Algorithm algorithm, List<Backend> backends, BalancerSettings settings) {
    this.name = Objects.requireNonNull(name, "name");
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.state = build(List.copyOf(backends));
  }

  private State build(List<Backend> backends) {
    for (int i = 0; i < backends.size(); i++) {
      for (int j = i + 1; j < backends.size(); j++) {
        if (backends.get(i).id().equals(backends.get(j).id())) {
          throw new IllegalArgumentException(
              "pool " + name + ": backend " + backends.get(i).id() + " is listed twice");
        }
      }
    }
    return new State(backends, newBalancer(algorithm, backends, settings));
  }

  static Balancer newBalancer(Algorithm algorithm, List<Backend> backends) {
    return newBalancer(algorithm, backends, BalancerSettings.DEFAULTS);
  }

  /**
   * A balancer of {@code algorithm} over {@code backends}, reading their weights now. Public for
   * benchmarks and tools that drive one directly; a proxy goes through {@link #pick}.
   */
  public static Balancer newBalancer(
      Algorithm algorithm, List<Backend> backends, BalancerSettings settings) {
    return switch (algorithm) {
      case ROUND_ROBIN -> new RoundRobinBalancer(backends);
      case WEIGHTED_ROUND_ROBIN -> new WeightedRoundRobinBalancer(backends);
      case LEAST_CONNECTIONS -> new LeastConnectionsBalancer(backends);
      case POWER_OF_TWO -> new PowerOfTwoBalancer(backends);
      case CONSISTENT_HASH -> new ConsistentHashBalancer(backends, settings);
    };
  }

  public String name() {
    return name;
  }

  public Algorithm algorithm() {
    return algorithm;
  }

  public BalancerSettings settings() {
    return settings;
  }

  /** The backends now, in configuration order. */
  public List<Backend> backends() {
    return state.backends();
  }

  /** The backend with {@code id} ({@code host:port}). */
  public Optional<Backend> find(String id) {
    for (Backend b : state.backends()) {
      if (b.id().equals(id)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /**
   * Picks an eligible backend and takes a connection slot on it; null when no backend is available
   * with capacity. The caller gives the slot back with {@link #release}.
   */
  public Backend pick(PickContext ctx) {
    Balancer balancer = state.balancer();
    int attempts = state.backends().size() + 1;
    for (int i = 0; i < attempts; i++) {
      Backend b = balancer.pick(ctx);
      if (b == null) {
        return null;
      }
      if (b.tryAcquire()) {
        return b;
      }
    }
    return null;
  }

  /** Gives back a slot taken by {@link #pick}, and wakes the oldest request waiting for one. */
  public void release(Backend backend) {
    backend.release();
    Waiter waiter;
    while ((waiter = waiters.poll()) != null) {
      waiting.decrementAndGet();
      if (waiter.wake()) {
        return;
      }
    }
  }

  /**
   * Queues a request that found every available backend at its connection limit: {@code onSlot}
   * runs once, on the thread that frees a slot, and should hand the request back to its own event
   * loop to pick again. The caller bounds the wait itself and {@link Waiter#cancel cancels} on
   * timeout.
   *
   * @return the waiter, or null when {@code queueSize} requests wait already
   */
  public Waiter await(Runnable onSlot, int queueSize) {
    while (true) {
      int now = waiting.get();
      if (now >= queueSize) {
        return null;
      }
      if (waiting.compareAndSet(now, now + 1)) {
        break;
      }
    }
    Waiter waiter = new Waiter(onSlot);
    waiters.add(waiter);
    return waiter;
  }

  /** Requests waiting for a slot now (cancelled ones until a release passes them). */
  public int waiting() {
    return waiting.get();
  }

  /** A request waiting for a connection slot. */
  public static final class Waiter {
    private final Runnable onSlot;
    private final AtomicBoolean done = new AtomicBoolean();

    Waiter(Runnable onSlot) {
      this.onSlot = onSlot;
    }

    /** Gives up waiting; false when the slot has already been handed over. */
    public boolean cancel() {
      return done.compareAndSet(false, true);
    }

    boolean wake() {
      if (!done.compareAndSet(false, true)) {
        return false;
      }
      onSlot.run();
      return true;
    }
  }

  /**
   * The cookie value that names {@code backend} for cookie stickiness: 16 hex digits of a hash of
   * its id, so the backend's address is not disclosed and the value survives restarts and reloads.
   */
  public static String stickyValue(Backend backend) {
    return String.format("%016x", Hashing.hash64(backend.id()));
  }

  /** The backend a sticky cookie value names, if it is still in this pool. */
  public Optional<Backend> findBySticky(String value) {
    for (Backend b : state.backends()) {
      if (stickyValue(b).equals(value)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /** Whether some backend could take a request at {@code nowNanos}, ignoring connection limits. */
  public boolean anyAvailable(long nowNanos) {
    for (Backend b : state.backends()) {
      if (b.available(nowNanos)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Adds a backend.
   *
   * @throws IllegalArgumentException when one with the same id is there already
   */
  public synchronized void add(Backend backend) {
    List<Backend> next = new ArrayList<>(state.backends());
    next.add(backend);
    state = build(List.copyOf(next));
  }

  /**
   * Removes the backend with {@code id}: it takes no new requests (its state becomes {@link
   * AdminState#DISABLED}); what runs on it finishes.
   *
   * @return the removed backend
   */
  public synchronized Optional<Backend> remove(String id) {
    Optional<Backend> found = find(id);
    found.ifPresent(
        b -> {
          List<Backend> next = new ArrayList<>(state.backends());
          next.remove(b);
          state = build(List.copyOf(next));
          b.setAdminState(AdminState.DISABLED);
        });
    return found;
  }

  /**
   * Replaces the backend list in one step (a reload): backends left out take no new requests (their
   * state becomes {@link AdminState#DISABLED}); what runs on them finishes.
   */
  public synchronized void replaceBackends(List<Backend> backends) {
    List<Backend> next = List.copyOf(backends);
    State built = build(next);
    for (Backend b : state.backends()) {
      if (!next.contains(b)) {
        b.setAdminState(AdminState.DISABLED);
      }
    }
    state = built;
  }

  /**
   * Rebuilds the balancer after a backend's weight changed: weighted round-robin's schedule and the
   * consistent-hash ring read weights only when they are built.
   */
  public synchronized void rebuild() {
    state = build(state.backends());
  }

  @Override
  public String toString() {
    return name + state.backends();
  }
}
