package dev.tierkit.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ClientLimiterTest {
  private static final InetAddress A = InetAddress.getLoopbackAddress();

  private static InetAddress b() throws Exception {
    return InetAddress.getByAddress(new byte[] {10, 0, 0, 2});
  }

  @Test
  void refusesAConnectionPastTheLimitPerClient() throws Exception {
    ClientLimiter limiter = new ClientLimiter(2);
    assertThat(limiter.tryOpen(A)).isTrue();
    assertThat(limiter.tryOpen(A)).isTrue();
    assertThat(limiter.tryOpen(A)).isFalse();
    assertThat(limiter.tryOpen(b())).isTrue();
    assertThat(limiter.clients()).isEqualTo(2);
  }

  @Test
  void closingFreesASlotAndTheLastCloseForgetsTheClient() {
    ClientLimiter limiter = new ClientLimiter(1);
    assertThat(limiter.tryOpen(A)).isTrue();
    assertThat(limiter.tryOpen(A)).isFalse();
    limiter.close(A);
    assertThat(limiter.clients()).isZero();
    assertThat(limiter.tryOpen(A)).isTrue();
  }

  @Test
  void refusedConnectionLeavesNoEntry() throws Exception {
    ClientLimiter limiter = new ClientLimiter(1);
    limiter.tryOpen(A);
    limiter.tryOpen(A);
    limiter.close(A);
    limiter.close(A);
    assertThat(limiter.clients()).isZero();
    assertThat(limiter.tryOpen(b())).isTrue();
  }

  @Test
  void zeroMeansNoLimitButStillCountsSoALimitCanBeSetLater() {
    ClientLimiter limiter = new ClientLimiter(0);
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.tryOpen(A)).isTrue();
    }
    assertThat(limiter.clients()).isEqualTo(1);
    limiter.setLimit(1000);
    assertThat(limiter.tryOpen(A)).isFalse();
    limiter.close(A);
    assertThat(limiter.tryOpen(A)).isTrue();
    assertThatThrownBy(() -> new ClientLimiter(-1)).hasMessageContaining(">= 0");
  }

  @Test
  void frontendLimitCountsEveryClientTogether() throws Exception {
    ClientLimiter limiter = new ClientLimiter(0);
    limiter.setTotalLimit(2);
    InetAddress b = InetAddress.getByName("192.0.2.2");
    InetAddress c = InetAddress.getByName("192.0.2.3");
    assertThat(limiter.tryOpen(A)).isTrue();
    assertThat(limiter.tryOpen(b)).isTrue();
    assertThat(limiter.tryOpen(c)).isFalse();
    assertThat(limiter.connections()).isEqualTo(2);
    assertThat(limiter.clients()).isEqualTo(2);
    limiter.close(A);
    assertThat(limiter.tryOpen(c)).isTrue();
    assertThat(limiter.connections()).isEqualTo(2);
  }

  @Test
  void refusalByTheClientLimitDoesNotHoldAFrontendSlot() throws Exception {
    ClientLimiter limiter = new ClientLimiter(1);
    limiter.setTotalLimit(2);
    assertThat(limiter.tryOpen(A)).isTrue();
    assertThat(limiter.tryOpen(A)).isFalse();
    assertThat(limiter.connections()).isEqualTo(1);
    assertThat(limiter.tryOpen(InetAddress.getByName("192.0.2.9"))).isTrue();
  }
}
