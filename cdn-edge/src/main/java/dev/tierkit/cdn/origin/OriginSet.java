package dev.tierkit.cdn.origin;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The configured origins and which one a fetch goes to.
 *
 * <p>{@link Balance#FAILOVER} (the default) sends every fetch to the first healthy origin in the
 * configured order, so the others are standbys; {@link Balance#ROUND_ROBIN} spreads fetches over
 * the healthy ones. A fetch whose connection fails tries the next healthy origin ({@link
 * #pick(int)} with a higher attempt number). When no origin is healthy the configured order is used
 * anyway: a health check that is wrong, or an origin that is back before its check says so, must
 * not turn every miss into an error. Thread-safe.
 */
public final class OriginSet {
  /** How fetches are spread over healthy origins. */
  public enum Balance {
    FAILOVER,
    ROUND_ROBIN
  }

  private final List<Origin> origins;
  private final Balance balance;
  private final AtomicInteger next = new AtomicInteger();

  public OriginSet(List<OriginAddress> addresses, Balance balance) {
    if (addresses.isEmpty()) {
      throw new IllegalArgumentException("--origin is required: at least one origin URL");
    }
    List<Origin> list = new ArrayList<>();
    for (OriginAddress a : addresses) {
      list.add(new Origin(a));
    }
    this.origins = List.copyOf(list);
    this.balance = balance;
  }

  public List<Origin> origins() {
    return origins;
  }

  /**
   * The origin for a fetch's {@code attempt}-th try (0 first), or null when it has tried them all.
   * Attempt n of one fetch never repeats an origin of attempts 0..n-1 within one call sequence as
   * long as health does not change in between.
   */
  public Origin pick(int attempt, int start) {
    if (attempt >= origins.size()) {
      return null;
    }
    int n = origins.size();
    int seen = 0;
    for (int i = 0; i < n; i++) {
      Origin o = origins.get((start + i) % n);
      if (o.healthy()) {
        if (seen == attempt) {
          return o;
        }
        seen++;
      }
    }
    // Fewer healthy origins than attempts (or none): fall back to the configured order for the
    // attempts that remain, skipping the healthy ones already tried.
    int unhealthyWanted = attempt - seen;
    for (int i = 0; i < n; i++) {
      Origin o = origins.get((start + i) % n);
      if (!o.healthy()) {
        if (unhealthyWanted == 0) {
          return o;
        }
        unhealthyWanted--;
      }
    }
    return null;
  }

  /** Where a new fetch starts its round: 0 for failover, the next origin for round-robin. */
  public int start() {
    return balance == Balance.FAILOVER ? 0 : Math.floorMod(next.getAndIncrement(), origins.size());
  }

  public Balance balance() {
    return balance;
  }
}
