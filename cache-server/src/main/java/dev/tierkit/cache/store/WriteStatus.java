package dev.tierkit.cache.store;

/** What became of a write through a {@link Cursor}. */
public enum WriteStatus {
  /** The item now holds the new value (and a new CAS). */
  STORED,
  /** Key, value and overhead together exceed the item size limit ({@code -I}). */
  TOO_LARGE,
  /** No memory could be found: eviction is off ({@code -M}) or nothing can be evicted. */
  NO_MEMORY
}
