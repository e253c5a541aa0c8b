package dev.tierkit.cache.protocol;

/** Commands without arguments that matter. */
public enum ControlCommand implements MemcacheCommand {
  /** {@code version}. */
  VERSION,
  /** {@code quit}: close once earlier replies are written. */
  QUIT,
  /** {@code shutdown}: disabled here, answered as memcached answers without {@code -A}. */
  SHUTDOWN,
  /** {@code mn}: the meta no-op, answered {@code MN}. */
  META_NOOP
}
