package dev.tierkit.lb.balance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
  private volatile State state;

  private record State(List<Backend> backends, Balancer balancer) {}

  /**
   * @throws IllegalArgumentException when two backends share a {@link Backend#id}
   */
  public Pool(String name, Algorithm algorithm, List<Backend> backends) {
    this.name = Objects.requireNonNull(name, "name");
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
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
    return new State(backends, newBalancer(algorithm, backends));
  }

  static Balancer newBalancer(Algorithm algorithm, List<Backend> backends) {
    return switch (algorithm) {
      case ROUND_ROBIN -> new RoundRobinBalancer(backends);
      default ->
          throw new UnsupportedOperationException(
              "algorithm " + algorithm.cliName() + " is not built yet");
    };
  }

  public String name() {
    return name;
  }

  public Algorithm algorithm() {
    return algorithm;
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

  /** Gives back a slot taken by {@link #pick}. */
  public void release(Backend backend) {
    backend.release();
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

  /** Rebuilds the balancer after a backend's weight changed. */
  public synchronized void rebuild() {
    state = build(state.backends());
  }

  @Override
  public String toString() {
    return name + state.backends();
  }
}
