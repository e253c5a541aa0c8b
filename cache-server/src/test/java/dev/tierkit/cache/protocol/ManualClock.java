package dev.tierkit.cache.protocol;

import dev.tierkit.cache.store.CacheClock;

/** A clock the test moves by hand. */
final class ManualClock implements CacheClock {
  private long now;

  ManualClock(long now) {
    this.now = now;
  }

  @Override
  public synchronized long nowSeconds() {
    return now;
  }

  synchronized void advance(long seconds) {
    now += seconds;
  }
}
