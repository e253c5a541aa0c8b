package dev.tierkit.dns.geo;

import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The up/down state of every health check and the admin override of every data center, written by
 * the {@link HealthChecker} and the admin route, read lock-free by answers on every event loop.
 *
 * <p>A check starts <b>up</b> (as gdnsd does): a data center that was never probed is trusted until
 * it has failed {@code fall} probes in a row, so a fresh start or a newly added check never moves
 * traffic away on its own. An override beats the checks: {@link Force#FORCE_DOWN} takes a data
 * center out of answers even when its checks pass, {@link Force#FORCE_UP} keeps it in even when
 * they fail.
 */
public final class HealthState {
  private static final Logger log = LoggerFactory.getLogger(HealthState.class);

  /** An admin override of a data center's health. */
  public enum Force {
    /** The checks decide. */
    NONE(0),
    /** Up whatever the checks say. */
    FORCE_UP(1),
    /** Down whatever the checks say. */
    FORCE_DOWN(2);

    /** How the override is stored in the state array. */
    final int code;

    Force(int code) {
      this.code = code;
    }

    static Force of(int code) {
      return switch (code) {
        case 1 -> FORCE_UP;
        case 2 -> FORCE_DOWN;
        default -> NONE;
      };
    }
  }

  private final List<String> datacenters;
  private final List<HealthCheck> checks;
  private final AtomicIntegerArray up;
  private final AtomicIntegerArray force;
  private final LongAdder[] answers;

  HealthState(List<String> datacenters, List<HealthCheck> checks) {
    this.datacenters = List.copyOf(datacenters);
    this.checks = List.copyOf(checks);
    this.up = new AtomicIntegerArray(checks.size());
    for (int i = 0; i < checks.size(); i++) {
      up.set(i, 1);
    }
    this.force = new AtomicIntegerArray(datacenters.size());
    this.answers = new LongAdder[datacenters.size()];
    for (int i = 0; i < answers.length; i++) {
      answers[i] = new LongAdder();
    }
  }

  /** Whether check {@code id} is up now. */
  public boolean isUp(int check) {
    return up.get(check) != 0;
  }

  /** Sets a check's state; returns whether that changed it. */
  boolean setUp(int check, boolean isUp) {
    return up.getAndSet(check, isUp ? 1 : 0) != (isUp ? 1 : 0);
  }

  /** The override of data center {@code index}. */
  public Force forced(int datacenter) {
    return Force.of(force.get(datacenter));
  }

  /**
   * Overrides a data center's health (the admin route); {@link Force#NONE} gives it back to the
   * checks.
   *
   * @throws IllegalArgumentException naming an unknown data center
   */
  public void force(String datacenter, Force value) {
    int index = datacenters.indexOf(datacenter);
    if (index < 0) {
      throw new IllegalArgumentException(
          "unknown data center '"
              + datacenter
              + "' (known: "
              + String.join(", ", datacenters)
              + ")");
    }
    if (force.getAndSet(index, value.code) != value.code) {
      log.info("health: data center {} is now {}", datacenter, value);
    }
  }

  /**
   * Whether answers may use data center {@code datacenter} when {@code governing} checks govern the
   * entry: not forced down, and forced up or every governing check up. Lock-free, no allocation.
   */
  public boolean usable(int datacenter, int[] governing) {
    int f = force.get(datacenter);
    if (f == Force.FORCE_DOWN.code) {
      return false;
    }
    if (f == Force.FORCE_UP.code) {
      return true;
    }
    for (int check : governing) {
      if (up.get(check) == 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether data center {@code datacenter} is usable by an entry that all of its checks govern (the
   * default): for status pages and metrics.
   */
  public boolean datacenterUp(int datacenter) {
    int f = force.get(datacenter);
    if (f != Force.NONE.code) {
      return f == Force.FORCE_UP.code;
    }
    for (HealthCheck check : checks) {
      if (check.datacenter() == datacenter && up.get(check.id()) == 0) {
        return false;
      }
    }
    return true;
  }

  /** Counts one geo answer given from data center {@code datacenter}. */
  void answered(int datacenter) {
    answers[datacenter].increment();
  }

  /**
   * Geo answers given from data center {@code datacenter} since the daemon started: the counter is
   * handed on by {@link #adopt}, so it survives reloads while the data center exists.
   */
  public LongAdder answers(int datacenter) {
    return answers[datacenter];
  }

  /** The names of the data centers, indexed as in {@link #forced(int)}. */
  public List<String> datacenters() {
    return datacenters;
  }

  /** The checks, indexed by {@link HealthCheck#id()}. */
  public List<HealthCheck> checks() {
    return checks;
  }

  /**
   * Carries state over a reload: every check that probes the same thing as one of {@code previous}
   * (same data center, name, kind and target) takes its up/down state, and every data center still
   * present keeps its override and its answer counter. Call before the new checker starts and
   * before the new snapshot answers.
   */
  public void adopt(HealthState previous) {
    for (HealthCheck check : checks) {
      for (HealthCheck old : previous.checks) {
        if (check.sameProbeAs(old)) {
          up.set(check.id(), previous.up.get(old.id()));
        }
      }
    }
    for (int i = 0; i < datacenters.size(); i++) {
      int old = previous.datacenters.indexOf(datacenters.get(i));
      if (old >= 0) {
        force.set(i, previous.force.get(old));
        answers[i] = previous.answers[old];
      }
    }
  }
}
