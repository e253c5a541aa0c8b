package dev.tierkit.common.transport;

import java.util.Locale;
import java.util.Optional;

/**
 * What the user asked for with {@code --transport}: a specific transport, or {@code auto} for the
 * best one available.
 */
public enum TransportChoice {
  AUTO(null),
  IO_URING(Transport.IO_URING),
  EPOLL(Transport.EPOLL),
  NIO(Transport.NIO);

  private final Transport transport;

  TransportChoice(Transport transport) {
    this.transport = transport;
  }

  /**
   * Resolves this choice on this machine.
   *
   * @throws TransportUnavailableException when a specific transport was asked for and cannot run
   */
  public Transport resolve() {
    if (transport == null) {
      return Transport.best();
    }
    if (!transport.isAvailable()) {
      String cause =
          transport.unavailabilityCause().map(Throwable::getMessage).orElse("unknown reason");
      throw new TransportUnavailableException(
          "--transport " + cliName() + " is not available on this machine: " + cause);
    }
    return transport;
  }

  /** The specific transport named, or empty for {@code auto}. */
  public Optional<Transport> transport() {
    return Optional.ofNullable(transport);
  }

  /** The name users type on the command line. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return cliName();
  }
}
