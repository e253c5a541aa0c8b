package dev.tierkit.cache.store;

/** A {@link CacheClock} that moves only when a test says so. */
public final class ManualClock implements CacheClock {
  /** A time in 2023, far from 0 so that "never" (0) and real times do not mix. */
  public static final long START = 1_700_000_000L;

  private volatile long seconds;

  public ManualClock() {
    this(START);
  }

  public ManualClock(long seconds) {
    this.seconds = seconds;
  }

  @Override
  public long nowSeconds() {
    return seconds;
  }

  public void set(long seconds) {
    this.seconds = seconds;
  }

  public void advance(long deltaSeconds) {
    seconds += deltaSeconds;
  }
}
