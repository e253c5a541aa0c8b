package dev.tierkit.lb.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.transport.Transport;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The proxy on every transport this machine runs: nio, epoll, io_uring. */
class HttpProxyTransportTest {
  static List<Transport> transports() {
    return Transport.available();
  }

  @ParameterizedTest
  @MethodSource("transports")
  void keepAliveRequestsReuseBackendConnections(Transport transport) throws Exception {
    try (TestBackend a = TestBackend.start("a");
        ProxyFixture proxy = ProxyFixture.builder().transport(transport).pool("main", a).start()) {
      assertThat(proxy.runtime.transport()).isEqualTo(transport);
      for (int i = 0; i < 30; i++) {
        HttpResponse<String> r = proxy.get("/big?size=100000&chunked");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).hasSize(100000);
      }
      assertThat(a.requests.get()).isEqualTo(30);
      assertThat(a.connections.get()).isLessThanOrEqualTo(2);
    }
  }
}
