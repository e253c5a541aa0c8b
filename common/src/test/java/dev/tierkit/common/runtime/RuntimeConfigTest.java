package dev.tierkit.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.transport.Transport;
import dev.tierkit.common.transport.TransportChoice;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A daemon's own transport preference applies to {@code auto} only, and only where it runs. */
class RuntimeConfigTest {
  private static RuntimeConfig asking(TransportChoice choice) {
    return new RuntimeConfig(choice, 2, Duration.ofSeconds(1), 100);
  }

  @Test
  void autoBecomesThePreferredTransportWhereItRuns() {
    RuntimeConfig config = asking(TransportChoice.AUTO).preferringWhenAuto(TransportChoice.EPOLL);
    TransportChoice expected =
        Transport.EPOLL.isAvailable() ? TransportChoice.EPOLL : TransportChoice.AUTO;
    assertThat(config).isEqualTo(asking(expected));
  }

  @Test
  void aTransportTheUserNamedIsKept() {
    assertThat(asking(TransportChoice.NIO).preferringWhenAuto(TransportChoice.EPOLL))
        .isEqualTo(asking(TransportChoice.NIO));
  }

  @Test
  void autoStaysAutoAsTheirPreference() {
    assertThat(asking(TransportChoice.AUTO).preferringWhenAuto(TransportChoice.AUTO))
        .isEqualTo(asking(TransportChoice.AUTO));
  }
}
