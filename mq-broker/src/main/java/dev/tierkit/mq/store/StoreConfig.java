package dev.tierkit.mq.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how the message store keeps its log.
 *
 * @param directory the store's directory; segments live in {@code directory/msgs/}, definitions in
 *     {@code directory/definitions.log}
 * @param fsync when a record counts as durable (default {@link FsyncMode#BATCH})
 * @param segmentBytes the size at which the writer starts a new segment file (default 64 MiB, at
 *     least 4 KiB, at most 1 GiB); a record never spans two segments, so a record larger than this
 *     gets a segment to itself
 */
public record StoreConfig(Path directory, FsyncMode fsync, long segmentBytes) {
  /** 64 MiB: large enough that rollover is rare, small enough that reclamation frees space soon. */
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

  public static final long MIN_SEGMENT_BYTES = 4L << 10;
  public static final long MAX_SEGMENT_BYTES = 1L << 30;

  public StoreConfig {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(fsync, "fsync");
    if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
      throw new IllegalArgumentException(
          "segmentBytes must be between "
              + MIN_SEGMENT_BYTES
              + " and "
              + MAX_SEGMENT_BYTES
              + ", got "
              + segmentBytes);
    }
  }

  /** The defaults: {@link FsyncMode#BATCH} and 64 MiB segments. */
  public static StoreConfig defaults(Path directory) {
    return new StoreConfig(directory, FsyncMode.BATCH, DEFAULT_SEGMENT_BYTES);
  }

  /** This configuration with another fsync mode. */
  public StoreConfig withFsync(FsyncMode mode) {
    return new StoreConfig(directory, mode, segmentBytes);
  }

  /** This configuration with another segment size. */
  public StoreConfig withSegmentBytes(long bytes) {
    return new StoreConfig(directory, fsync, bytes);
  }
}
