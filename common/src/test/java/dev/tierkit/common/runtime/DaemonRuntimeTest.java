package dev.tierkit.common.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.testing.EchoServer;
import dev.tierkit.common.testing.EchoSettings;
import dev.tierkit.common.testing.PrometheusTextParser;
import dev.tierkit.common.transport.Transport;
import dev.tierkit.common.transport.TransportChoice;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DaemonRuntimeTest {
  private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress("127.0.0.1", 0);

  static List<Transport> transports() {
    return Transport.available();
  }

  private static DaemonRuntime runtime(Transport transport, Duration drain, int maxConnections) {
    TransportChoice choice = TransportChoice.valueOf(transport.name());
    return DaemonRuntime.start(
        new RuntimeConfig(choice, 2, drain, maxConnections), new MetricRegistry());
  }

  private static String exchange(Socket socket, String line) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
        .readLine();
  }

  @ParameterizedTest
  @MethodSource("transports")
  void echoServerAnswersOverTcpOnEveryTransport(Transport transport) throws Exception {
    try (DaemonRuntime runtime = runtime(transport, Duration.ofSeconds(1), 100)) {
      assertThat(runtime.transport()).isEqualTo(transport);
      EchoServer server =
          EchoServer.start(runtime, ANY_LOOPBACK, new EchoSettings("> ", 64), Duration.ZERO);
      assertThat(server.listener().port()).isPositive();
      try (Socket socket = new Socket("127.0.0.1", server.listener().port())) {
        assertThat(exchange(socket, "hello")).isEqualTo("> hello");
        assertThat(exchange(socket, "again")).isEqualTo("> again");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void echoServerAnswersOverUdpOnEveryTransport(Transport transport) throws Exception {
    try (DaemonRuntime runtime = runtime(transport, Duration.ofSeconds(1), 100);
        DatagramSocket client = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
      Listener udp = EchoServer.bindUdp(runtime, ANY_LOOPBACK, "udp:");
      byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
      client.setSoTimeout(5000);
      client.send(new DatagramPacket(ping, ping.length, udp.address()));
      DatagramPacket reply = new DatagramPacket(new byte[64], 64);
      client.receive(reply);
      assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
          .isEqualTo("udp:ping");
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void gracefulShutdownFinishesInFlightExchangeThenRefusesNewConnections(Transport transport)
      throws Exception {
    DaemonRuntime runtime = runtime(transport, Duration.ofSeconds(10), 100);
    EchoServer server =
        EchoServer.start(runtime, ANY_LOOPBACK, new EchoSettings("", 64), Duration.ofMillis(700));
    int port = server.listener().port();
    try (Socket inFlight = new Socket("127.0.0.1", port)) {
      CompletableFuture<String> reply =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return exchange(inFlight, "finish me");
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
      await().atMost(Duration.ofSeconds(5)).until(() -> runtime.inFlight().count() == 1);

      CompletableFuture<Void> shutdown = CompletableFuture.runAsync(runtime::close);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> runtime.state() == DaemonRuntime.State.DRAINING);
      await().atMost(Duration.ofSeconds(5)).until(() -> !server.listener().channel().isOpen());

      assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
          .isInstanceOf(ConnectException.class);
      assertThat(reply.get()).isEqualTo("finish me");
      shutdown.get();
      assertThat(runtime.state()).isEqualTo(DaemonRuntime.State.CLOSED);
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void outboundConnectionFromAnAcceptedChannelSharesItsEventLoop(Transport transport)
      throws Exception {
    try (DaemonRuntime runtime = runtime(transport, Duration.ofSeconds(1), 100)) {
      EchoServer upstream =
          EchoServer.start(runtime, ANY_LOOPBACK, new EchoSettings("up:", 64), Duration.ZERO);
      CompletableFuture<Boolean> sameLoop = new CompletableFuture<>();
      Listener relay =
          runtime.bindTcp(
              "relay",
              ANY_LOOPBACK,
              new io.netty.channel.ChannelInboundHandlerAdapter() {
                @Override
                public void channelActive(io.netty.channel.ChannelHandlerContext ctx) {
                  io.netty.channel.Channel inbound = ctx.channel();
                  runtime
                      .clientBootstrap(inbound.eventLoop())
                      .handler(new io.netty.channel.ChannelInboundHandlerAdapter())
                      .connect(upstream.listener().address())
                      .addListener(
                          (io.netty.channel.ChannelFutureListener)
                              f -> {
                                if (!f.isSuccess()) {
                                  sameLoop.completeExceptionally(f.cause());
                                  return;
                                }
                                sameLoop.complete(f.channel().eventLoop() == inbound.eventLoop());
                                f.channel().close();
                                inbound.close();
                              });
                }
              });
      try (Socket client = new Socket("127.0.0.1", relay.port())) {
        assertThat(sameLoop.get(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  @Test
  void drainTimeoutBoundsShutdownAndClosesUnfinishedConnections() throws Exception {
    DaemonRuntime runtime = runtime(Transport.best(), Duration.ofMillis(200), 100);
    EchoServer server =
        EchoServer.start(runtime, ANY_LOOPBACK, new EchoSettings("", 64), Duration.ofSeconds(60));
    try (Socket stuck = new Socket("127.0.0.1", server.listener().port())) {
      stuck.getOutputStream().write("never answered\n".getBytes(StandardCharsets.UTF_8));
      await().atMost(Duration.ofSeconds(5)).until(() -> runtime.inFlight().count() == 1);
      long start = System.nanoTime();
      runtime.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
      stuck.setSoTimeout(5000);
      assertThat(stuck.getInputStream().read()).isEqualTo(-1);
    }
  }

  @Test
  void connectionsBeyondTheLimitAreClosedAndCounted() throws Exception {
    MetricRegistry metrics = new MetricRegistry();
    try (DaemonRuntime runtime =
        DaemonRuntime.start(
            new RuntimeConfig(TransportChoice.AUTO, 1, Duration.ofSeconds(1), 1), metrics)) {
      EchoServer server =
          EchoServer.start(runtime, ANY_LOOPBACK, new EchoSettings("", 64), Duration.ZERO);
      try (Socket first = new Socket("127.0.0.1", server.listener().port());
          Socket second = new Socket("127.0.0.1", server.listener().port())) {
        assertThat(exchange(first, "one")).isEqualTo("one");
        second.setSoTimeout(5000);
        assertThat(second.getInputStream().read()).isEqualTo(-1);
        assertThat(PrometheusTextParser.parse(metrics.scrape()))
            .containsEntry("tierkit_connections_rejected_total", 1.0)
            .containsEntry("tierkit_connections_total", 1.0)
            .containsEntry("tierkit_connections", 1.0);
      }
    }
  }

  @Test
  void bindingAPortInUseFailsWithOneLineNamingTheAddress() throws Exception {
    try (DaemonRuntime runtime = runtime(Transport.best(), Duration.ofSeconds(1), 100);
        java.net.ServerSocket taken =
            new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      InetSocketAddress busy = new InetSocketAddress("127.0.0.1", taken.getLocalPort());
      assertThatThrownBy(
              () -> EchoServer.start(runtime, busy, new EchoSettings("", 64), Duration.ZERO))
          .isInstanceOf(BindFailedException.class)
          .hasMessageStartingWith("cannot bind echo on tcp 127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("--port")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void closeHooksRunLastRegisteredFirstAfterConnectionsClose() {
    List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
    DaemonRuntime runtime = runtime(Transport.best(), Duration.ofSeconds(1), 100);
    runtime.onClose(() -> order.add("registered first"));
    runtime.onClose(() -> order.add("registered second"));
    runtime.close();
    runtime.close();
    assertThat(order).containsExactly("registered second", "registered first");
  }
}
