package dev.tierkit.common.runtime;

/** A listener could not be bound; the message is one line naming the address and the cause. */
public final class BindFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BindFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
