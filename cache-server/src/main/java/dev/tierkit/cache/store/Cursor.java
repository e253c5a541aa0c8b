package dev.tierkit.cache.store;

/**
 * One key of the store, seen from inside {@link CacheStore#apply}: the live item under that key, if
 * there is one, and the writes that can be made to it. A cursor is valid only during the {@code
 * apply} call that passed it; its value array must not be kept.
 *
 * <p>Expired and flushed items are never live: a lookup that finds one reclaims it and reports it
 * through {@link #foundExpired()} or {@link #foundFlushed()} (for memcached's {@code get_expired}
 * and {@code get_flushed}), then behaves as a miss.
 */
public interface Cursor {
  /** Whether a live item is under the key. The getters below need one. */
  boolean exists();

  /** Whether this lookup found the key's item expired (and reclaimed it). */
  boolean foundExpired();

  /** Whether this lookup found the key's item invalidated by {@code flush_all}. */
  boolean foundFlushed();

  /** The client's 32-bit flags (read as unsigned by the protocol). */
  int flags();

  /** The item's CAS value: unique per modification, never 0. */
  long cas();

  /** When the item expires, in Unix seconds; 0 for never. */
  long expiresAt();

  /** Length of the value in bytes. */
  int valueLength();

  /**
   * The array holding the value; the value is {@link #valueLength()} bytes from {@link
   * #valueOffset()}. Read-only, and only during this call: copy it to the outbound buffer here.
   */
  byte[] valueArray();

  /** Where the value starts in {@link #valueArray()}. */
  int valueOffset();

  /** When the item was last accessed (stored or fetched) before this lookup, in Unix seconds. */
  long lastAccessed();

  /** Whether the item had been fetched ({@link #recordAccess}) before this lookup. */
  boolean fetched();

  /** Whether the item was marked stale by a meta invalidation. */
  boolean stale();

  /** Whether a meta "win" token was handed out for the item (so others get the Z flag). */
  boolean winTokenIssued();

  /**
   * Counts a fetch of the item: it becomes recently used (lazily: no list is reordered on a hit),
   * {@link #fetched()} turns true and {@link #lastAccessed()} becomes now for later lookups.
   */
  void recordAccess();

  /** Sets a new expiry time (Unix seconds, 0 for never) without changing the value or the CAS. */
  void touch(long expiresAt);

  /** Marks the item stale (meta invalidation); cleared by the next write. */
  void markStale();

  /** Records that a win token was handed out (or, with false, taken back). */
  void setWinTokenIssued(boolean issued);

  /** Replaces the item's CAS value (meta {@code E}); 0 asks for a fresh one from the store. */
  void setCas(long cas);

  /**
   * Stores a new value under the key, replacing the live item if there is one. On {@code STORED}
   * the cursor shows the new item: its CAS is {@code explicitCas}, or a fresh one when that is 0;
   * stale, win-token and fetched marks are clear. On any other status nothing changed.
   */
  WriteStatus write(int flags, long expiresAt, ValueSource value, long explicitCas);

  /**
   * Appends or prepends to the live item's value, keeping its flags and expiry; needs {@link
   * #exists()}. Same outcomes as {@link #write}.
   */
  WriteStatus concat(ValueSource value, boolean prepend, long explicitCas);

  /**
   * Overwrites the value in place with {@code bytes}, which must be exactly {@link #valueLength()}
   * long (incr/decr pad a shorter number with spaces, as memcached does); assigns a new CAS as
   * {@link #write} does.
   */
  void overwrite(byte[] bytes, long explicitCas);

  /** Removes the live item; returns false when there was none. */
  boolean delete();
}
