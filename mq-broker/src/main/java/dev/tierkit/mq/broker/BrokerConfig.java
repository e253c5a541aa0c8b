package dev.tierkit.mq.broker;

import dev.tierkit.mq.store.FsyncMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The broker core's settings.
 *
 * @param dataDir where the message log and the definitions live
 * @param fsync when the message store forces its writes to disk
 * @param segmentBytes the size at which the message log starts a new segment
 * @param queueMemoryLimit body bytes one queue holds in memory before it keeps new messages on disk
 *     only
 * @param vhosts the virtual hosts clients may open
 */
public record BrokerConfig(
    Path dataDir, FsyncMode fsync, long segmentBytes, long queueMemoryLimit, List<String> vhosts) {
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
  public static final long DEFAULT_QUEUE_MEMORY_LIMIT = 64L << 20;

  public BrokerConfig {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(fsync, "fsync");
    if (segmentBytes < 1 << 20) {
      throw new IllegalArgumentException(
          "--segment-size must be at least 1 MiB, got " + segmentBytes);
    }
    if (queueMemoryLimit < 0) {
      throw new IllegalArgumentException(
          "--queue-memory-limit must not be negative, got " + queueMemoryLimit);
    }
    vhosts = List.copyOf(vhosts);
    if (vhosts.isEmpty()) {
      throw new IllegalArgumentException("--vhost: at least one virtual host is needed");
    }
  }
}
