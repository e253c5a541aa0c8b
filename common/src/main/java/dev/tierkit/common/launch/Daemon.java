package dev.tierkit.common.launch;

/**
 * A running daemon as its launcher sees it: something that can reload its configuration and close.
 *
 * <p>The launcher drains the runtime (listeners closed, in-flight requests finished) before it
 * calls {@link #close()}, so close only has to flush what must be durable and release resources.
 */
public interface Daemon extends AutoCloseable {
  /**
   * Re-reads configuration without dropping connections (on SIGHUP and {@code POST /reload}).
   *
   * @throws UnsupportedOperationException when this daemon cannot reload
   * @throws Exception when the new configuration is bad; the old one stays in force
   */
  default void reload() throws Exception {
    throw new UnsupportedOperationException("this daemon does not support reload; restart it");
  }

  /** Flushes durable state and releases resources; called after the runtime has drained. */
  @Override
  void close() throws Exception;
}
