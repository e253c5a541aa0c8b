package dev.tierkit.mq.server;

import dev.tierkit.mq.broker.Broker;
import dev.tierkit.mq.broker.MessageQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RabbitMQ's memory and disk alarms: once a second, the bytes of message bodies the broker holds in
 * memory are compared with the high watermark and the free space of the data directory with the
 * disk limit. While either is crossed, connections that publish get {@code connection.blocked} and
 * are no longer read from, so publishers wait instead of the broker running out of heap or disk;
 * consumers keep draining. The alarm clears when both are back under their limits.
 *
 * <p>Memory is the broker's own accounting (bodies held by ready messages), not the JVM's heap
 * usage, which includes garbage not yet collected and would raise false alarms under load.
 */
final class ResourceAlarm implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ResourceAlarm.class);

  private final Broker broker;
  private final ServerContext server;
  private final long memoryHighWatermark;
  private final long diskFreeLimit;
  private final Path dataDir;
  private volatile String reason;
  private ScheduledFuture<?> task;

  ResourceAlarm(ServerContext server, Broker broker, MqServerConfig config) {
    this.server = server;
    this.broker = broker;
    this.memoryHighWatermark = config.memoryHighWatermark();
    this.diskFreeLimit = config.diskFreeLimit();
    this.dataDir = config.broker().dataDir();
  }

  void start(ScheduledExecutorService timer) {
    task = timer.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
  }

  boolean active() {
    return reason != null;
  }

  String reason() {
    return reason;
  }

  void check() {
    String now = null;
    long memory = broker.sumQueues(MessageQueue::memoryBytes);
    if (memory > memoryHighWatermark) {
      now = "low on memory";
    } else if (diskFreeLimit > 0) {
      try {
        if (Files.getFileStore(dataDir).getUsableSpace() < diskFreeLimit) {
          now = "low on disk";
        }
      } catch (IOException e) {
        log.debug("cannot read free space of {}: {}", dataDir, e.toString());
      }
    }
    String before = reason;
    if ((before == null) == (now == null)) {
      return;
    }
    reason = now;
    if (now != null) {
      log.warn("resource alarm: {} (message memory {} bytes); blocking publishers", now, memory);
    } else {
      log.info("resource alarm cleared ({}); unblocking publishers", before);
    }
    boolean active = now != null;
    String text = now;
    for (AmqpConnection connection : server.connections()) {
      connection.execute(() -> connection.alarmChanged(active, text));
    }
  }

  @Override
  public void close() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
