package dev.tierkit.bench.cache;

/** What one load worker counted; merged across workers for the report. Not thread-safe. */
final class LoadStats {
  long gets;
  long hits;
  long misses;
  long sets;
  long stored;

  /** Replies that were wrong: an error line, a bad value, a wrong key, a lost connection. */
  long errors;

  /** The first error seen, for the report; null when there was none. */
  String firstError;

  final LatencyHistogram latency = new LatencyHistogram();

  long ops() {
    return gets + sets;
  }

  void error(String what) {
    errors++;
    if (firstError == null) {
      firstError = what;
    }
  }

  void add(LoadStats other) {
    gets += other.gets;
    hits += other.hits;
    misses += other.misses;
    sets += other.sets;
    stored += other.stored;
    errors += other.errors;
    if (firstError == null) {
      firstError = other.firstError;
    }
    latency.add(other.latency);
  }
}
