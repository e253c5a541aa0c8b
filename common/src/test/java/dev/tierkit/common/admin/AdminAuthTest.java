package dev.tierkit.common.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminAuthTest {
  private static AdminAuth auth(String host, String token) {
    return new AdminAuth(
        new AdminConfig(new InetSocketAddress(host, 0), Optional.ofNullable(token), true));
  }

  @Test
  void loopbackWithoutTokenAllowsMutation() {
    assertThat(auth("127.0.0.1", null).check(null)).isEqualTo(AdminAuth.Verdict.ALLOWED);
    assertThat(auth("::1", null).check(null)).isEqualTo(AdminAuth.Verdict.ALLOWED);
  }

  @Test
  void offLoopbackWithoutTokenDisablesMutation() {
    assertThat(auth("0.0.0.0", null).check("Bearer anything"))
        .isEqualTo(AdminAuth.Verdict.DISABLED);
  }

  @Test
  void configuredTokenIsRequiredEverywhere() {
    AdminAuth loopback = auth("127.0.0.1", "t0k");
    assertThat(loopback.check(null)).isEqualTo(AdminAuth.Verdict.UNAUTHORIZED);
    assertThat(loopback.check("Bearer")).isEqualTo(AdminAuth.Verdict.UNAUTHORIZED);
    assertThat(loopback.check("Basic dDBr")).isEqualTo(AdminAuth.Verdict.UNAUTHORIZED);
    assertThat(loopback.check("Bearer t0kx")).isEqualTo(AdminAuth.Verdict.UNAUTHORIZED);
    assertThat(loopback.check("Bearer t0k")).isEqualTo(AdminAuth.Verdict.ALLOWED);
    assertThat(loopback.check("bearer t0k")).isEqualTo(AdminAuth.Verdict.ALLOWED);
    assertThat(auth("0.0.0.0", "t0k").check("Bearer t0k")).isEqualTo(AdminAuth.Verdict.ALLOWED);
  }
}
