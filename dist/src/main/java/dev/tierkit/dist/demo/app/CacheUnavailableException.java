package dev.tierkit.dist.demo.app;

/** cache-server did not answer in time or the connection is down; the request gets a 503. */
public final class CacheUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  CacheUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
