package dev.tierkit.cdn.store;

import java.nio.file.Path;

/**
 * Where and how much the edge stores.
 *
 * @param memoryBytes the memory tier's bound, in bytes as {@link CachedObject#weight()} counts them
 *     ({@code --memory-mb}); must be positive
 * @param diskDir the disk tier's directory ({@code --disk-dir}), or null for a memory-only store
 * @param diskBytes the disk tier's bound in file bytes ({@code --disk-gb}); positive when {@code
 *     diskDir} is set, ignored otherwise
 * @param maxObjectBytes the heaviest object stored ({@code --max-object-size}); positive, at most
 *     {@code memoryBytes} and below 2 GiB
 * @param keepMillis how long past its stale windows an object is kept for revalidation with a 304
 *     ({@code --keep}); 0 or more
 */
public record StoreConfig(
    long memoryBytes, Path diskDir, long diskBytes, long maxObjectBytes, long keepMillis) {
  public StoreConfig {
    if (memoryBytes <= 0) {
      throw new IllegalArgumentException("--memory-mb must be > 0, got " + memoryBytes + " bytes");
    }
    if (diskDir != null && diskBytes <= 0) {
      throw new IllegalArgumentException(
          "--disk-gb must be > 0 when --disk-dir is set, got " + diskBytes + " bytes");
    }
    if (diskBytes < 0) {
      throw new IllegalArgumentException("--disk-gb must be >= 0, got " + diskBytes + " bytes");
    }
    if (maxObjectBytes <= 0 || maxObjectBytes >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "--max-object-size must be > 0 and < 2 GiB, got " + maxObjectBytes + " bytes");
    }
    if (maxObjectBytes > memoryBytes) {
      throw new IllegalArgumentException(
          "--max-object-size ("
              + maxObjectBytes
              + " bytes) must not exceed --memory-mb ("
              + memoryBytes
              + " bytes)");
    }
    if (diskDir != null && maxObjectBytes > diskBytes) {
      throw new IllegalArgumentException(
          "--max-object-size ("
              + maxObjectBytes
              + " bytes) must not exceed --disk-gb ("
              + diskBytes
              + " bytes)");
    }
    if (keepMillis < 0) {
      throw new IllegalArgumentException("--keep must be >= 0, got " + keepMillis + " ms");
    }
  }

  /** A memory-only store. */
  public static StoreConfig memoryOnly(long memoryBytes, long maxObjectBytes, long keepMillis) {
    return new StoreConfig(memoryBytes, null, 0, maxObjectBytes, keepMillis);
  }
}
