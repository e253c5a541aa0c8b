package dev.tierkit.dist.demo;

/** A demo process that could not be started, did not become ready, or died. */
public final class DemoException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code message} names the process and says what went wrong. */
  public DemoException(String message) {
    super(message);
  }
}
