package dev.tierkit.common.transport;

/** A transport was asked for by name and cannot run on this machine. */
public final class TransportUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TransportUnavailableException(String message) {
    super(message);
  }
}
