package dev.tierkit.cache.store;

/**
 * The {@link Cursor} of one {@link Shard}, reused by every {@code apply} on it (the shard lock
 * makes that safe, and a hit allocates nothing). Reads go straight to the item's header in its
 * page.
 */
final class ShardCursor implements Cursor {
  private final Shard shard;
  private byte[] key;
  private int hash;
  private int ref;
  private boolean inUse;
  private boolean foundExpired;
  private boolean foundFlushed;
  private long lastAccessed;
  private boolean fetched;

  ShardCursor(Shard shard) {
    this.shard = shard;
  }

  void open(byte[] key, int hash) {
    this.key = key;
    this.hash = hash;
    this.ref = 0;
    this.foundExpired = false;
    this.foundFlushed = false;
    this.inUse = true;
  }

  void release() {
    key = null;
    ref = 0;
    inUse = false;
  }

  boolean inUse() {
    return inUse;
  }

  byte[] key() {
    return key;
  }

  int hash() {
    return hash;
  }

  int ref() {
    return ref;
  }

  /** The lookup found a dead item: expired (true) or flushed (false). */
  void markFound(boolean expired) {
    if (expired) {
      foundExpired = true;
    } else {
      foundFlushed = true;
    }
  }

  void attach(int ref, long lastAccessed, boolean fetched) {
    this.ref = ref;
    this.lastAccessed = lastAccessed;
    this.fetched = fetched;
  }

  @Override
  public boolean exists() {
    return ref != 0;
  }

  @Override
  public boolean foundExpired() {
    return foundExpired;
  }

  @Override
  public boolean foundFlushed() {
    return foundFlushed;
  }

  @Override
  public int flags() {
    return ItemHeader.flags(page(), chunk());
  }

  @Override
  public long cas() {
    return ItemHeader.cas(page(), chunk());
  }

  @Override
  public long expiresAt() {
    return ItemHeader.expires(page(), chunk());
  }

  @Override
  public int valueLength() {
    return ItemHeader.valueLength(page(), chunk());
  }

  @Override
  public byte[] valueArray() {
    return page();
  }

  @Override
  public int valueOffset() {
    return ItemHeader.valueOffset(page(), chunk());
  }

  @Override
  public long lastAccessed() {
    requireItem();
    return lastAccessed;
  }

  @Override
  public boolean fetched() {
    requireItem();
    return fetched;
  }

  @Override
  public boolean stale() {
    return ItemHeader.has(page(), chunk(), ItemHeader.STALE);
  }

  @Override
  public boolean winTokenIssued() {
    return ItemHeader.has(page(), chunk(), ItemHeader.WIN);
  }

  @Override
  public void recordAccess() {
    requireItem();
    shard.recordAccess(ref);
  }

  @Override
  public void touch(long expiresAt) {
    ItemHeader.setExpires(page(), chunk(), expiresAt);
  }

  @Override
  public void markStale() {
    requireItem();
    shard.setBit(ref, ItemHeader.STALE, true);
  }

  @Override
  public void setWinTokenIssued(boolean issued) {
    requireItem();
    shard.setBit(ref, ItemHeader.WIN, issued);
  }

  @Override
  public void setCas(long cas) {
    requireItem();
    shard.setCas(ref, cas);
  }

  @Override
  public WriteStatus write(int flags, long expiresAt, ValueSource value, long explicitCas) {
    requireOpen();
    return shard.write(this, flags, expiresAt, value, explicitCas);
  }

  @Override
  public WriteStatus concat(ValueSource value, boolean prepend, long explicitCas) {
    requireItem();
    return shard.concat(this, value, prepend, explicitCas);
  }

  @Override
  public void overwrite(byte[] bytes, long explicitCas) {
    requireItem();
    shard.overwrite(this, bytes, explicitCas);
  }

  @Override
  public boolean delete() {
    requireOpen();
    if (ref == 0) {
      return false;
    }
    shard.delete(this);
    ref = 0;
    return true;
  }

  private byte[] page() {
    requireItem();
    return shard.pages().array(ref);
  }

  private int chunk() {
    return SlabPages.offset(ref);
  }

  private void requireOpen() {
    if (!inUse) {
      throw new IllegalStateException("cursor used outside its apply call");
    }
  }

  private void requireItem() {
    requireOpen();
    if (ref == 0) {
      throw new IllegalStateException("no live item under the key");
    }
  }
}
