package dev.tierkit.lb.balance;

import java.util.List;
import java.util.Locale;

/** The balancing algorithms, by the names the CLI and YAML use. */
public enum Algorithm {
  /** Each available backend in turn, ignoring weights. */
  ROUND_ROBIN("round-robin"),
  /** Nginx's smooth weighted round-robin: shares follow weights, picks interleave. */
  WEIGHTED_ROUND_ROBIN("weighted-round-robin"),
  /** The backend with fewest active requests relative to its weight; ties go round-robin. */
  LEAST_CONNECTIONS("least-connections"),
  /** Two backends drawn at random, the less loaded one taken. */
  POWER_OF_TWO("power-of-two"),
  /** A hash ring with virtual nodes and a bounded-load factor, keyed by the request's hash. */
  CONSISTENT_HASH("consistent-hash");

  private final String cliName;

  Algorithm(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /**
   * The algorithm named {@code name}.
   *
   * @throws IllegalArgumentException naming the known algorithms
   */
  public static Algorithm parse(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (Algorithm a : values()) {
      if (a.cliName.equals(wanted)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown algorithm '"
            + name
            + "' (known: "
            + String.join(", ", List.of(values()).stream().map(Algorithm::cliName).toList())
            + ")");
  }
}
