package dev.tierkit.lb.log;

/** Where finished requests and connections are reported; must not block the caller. */
public interface AccessLog extends AutoCloseable {
  /** An access log that drops everything. */
  AccessLog NONE =
      new AccessLog() {
        @Override
        public void log(AccessLogEntry entry) {}

        @Override
        public void close() {}
      };

  /** Queues {@code entry} for writing; never blocks, drops (and counts) when the queue is full. */
  void log(AccessLogEntry entry);

  @Override
  void close();
}
