package dev.tierkit.dist.demo.app;

/** mq-broker could not be reached or did not confirm a publish; the request gets a 503. */
public final class BrokerUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  BrokerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
