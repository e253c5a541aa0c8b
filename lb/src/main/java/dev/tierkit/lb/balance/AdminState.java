package dev.tierkit.lb.balance;

/** What an operator has said about a backend, apart from what health checks found. */
public enum AdminState {
  /** Takes new requests when healthy. */
  ENABLED,
  /** Takes no new requests; requests and connections already on it finish. */
  DRAINING,
  /** Takes nothing; set by an operator or for a backend removed from its pool. */
  DISABLED
}
