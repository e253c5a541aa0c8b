package dev.tierkit.lb.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tierkit.common.metrics.MetricRegistry;
import dev.tierkit.common.transport.Transport;
import dev.tierkit.lb.config.BackendConfig;
import dev.tierkit.lb.config.TlsConfig;
import dev.tierkit.lb.log.AccessLogEntry;
import dev.tierkit.lb.log.FileAccessLog;
import dev.tierkit.lb.tls.TestCertificates;
import dev.tierkit.lb.tls.TlsContexts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.util.internal.PlatformDependent;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The TCP relay over real sockets on every transport this machine runs. */
class TcpRelayTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(3);

  @TempDir Path dir;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Relay.Entries log = new Relay.Entries();

  static List<Transport> transports() {
    return Transport.available();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    closeables.add(c);
    return c;
  }

  private Socket connect(Relay relay) throws IOException {
    Socket s = closing(new Socket(InetAddress.getLoopbackAddress(), relay.port()));
    s.setSoTimeout(5_000);
    return s;
  }

  private static String exchange(Socket s, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    s.getOutputStream().write(bytes);
    s.getOutputStream().flush();
    byte[] back = new byte[bytes.length];
    new DataInputStream(s.getInputStream()).readFully(back);
    return new String(back, StandardCharsets.US_ASCII);
  }

  private static String readToEnd(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.US_ASCII);
  }

  /** Asserts that the relay closed {@code s}: end of stream or a reset, not a read timeout. */
  private static void assertClosedByRelay(Socket s) throws IOException {
    s.setSoTimeout((int) PROMPTLY.toMillis());
    try {
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("connection still open after " + PROMPTLY, e);
    } catch (SocketException e) {
      // Reset: closed as well.
    }
  }

  private AccessLogEntry onlyEntry() {
    await().atMost(PROMPTLY).until(() -> !log.entries.isEmpty());
    assertThat(log.entries).hasSize(1);
    return log.entries.peek();
  }

  @ParameterizedTest
  @MethodSource("transports")
  void echoesThroughTheRelayAndLogsOneOkEntry(Transport transport) throws Exception {
    TestBackend backend = closing(TestBackend.echo());
    Relay relay = closing(Relay.on(transport).backends(backend.config()).accessLog(log).start());
    assertThat(relay.runtime.transport()).isEqualTo(transport);
    Socket s = connect(relay);
    assertThat(exchange(s, "hello")).isEqualTo("hello");
    assertThat(exchange(s, "again")).isEqualTo("again");
    s.close();
    AccessLogEntry e = onlyEntry();
    assertThat(e.frontend()).isEqualTo(Relay.FRONTEND);
    assertThat(e.backend()).isEqualTo("127.0.0.1:" + backend.port());
    assertThat(e.client()).isEqualTo("127.0.0.1:" + s.getLocalPort());
    assertThat(e.request()).isEqualTo("-");
    assertThat(e.bytesIn()).isEqualTo(10);
    assertThat(e.bytesOut()).isEqualTo(10);
    assertThat(e.connectMicros()).isNotNegative();
    assertThat(e.retries()).isZero();
    assertThat(e.termination()).isEqualTo("ok");
    assertThat(relay.counter("tierkit_lb_tcp_bytes_in_total", "")).isEqualTo(10);
    assertThat(relay.counter("tierkit_lb_tcp_connections_total", "")).isEqualTo(1);
    await().atMost(PROMPTLY).until(() -> relay.pool.backends().get(0).active() == 0);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void largeStreamsBothWaysWithASlowReaderCompleteWithBoundedMemory(Transport transport)
      throws Exception {
    int size = 32 << 20;
    CompletableFuture<Long> backendReceived = new CompletableFuture<>();
    TestBackend backend =
        closing(
            TestBackend.start(
                s -> {
                  CompletableFuture<Void> sent = sendAsync(s, 2, size, false);
                  backendReceived.complete(crcOf(s.getInputStream(), size, null, 0));
                  sent.get(10, TimeUnit.SECONDS);
                }));
    Relay relay = closing(Relay.on(transport).backends(backend.config()).accessLog(log).start());
    Socket s = connect(relay);
    s.setSoTimeout(10_000);
    CompletableFuture<Void> sent = sendAsync(s, 1, size, false);
    AtomicLong maxDirect = new AtomicLong();
    long received = crcOf(s.getInputStream(), size, maxDirect, 8 << 20);
    sent.get(10, TimeUnit.SECONDS);
    assertThat(received).isEqualTo(expectedCrc(2, size));
    assertThat(backendReceived.get(10, TimeUnit.SECONDS)).isEqualTo(expectedCrc(1, size));
    // The backend closes once it has everything; the relay passes its end of stream on.
    assertThat(s.getInputStream().read()).isEqualTo(-1);
    s.close();
    if (maxDirect.get() > 0) {
      // Without backpressure the relay would buffer most of the 32 MiB the slow side did not read.
      assertThat(maxDirect.get()).isLessThan(24L << 20);
    }
    AccessLogEntry e = onlyEntry();
    assertThat(e.bytesIn()).isEqualTo(size);
    assertThat(e.bytesOut()).isEqualTo(size);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void halfClosedClientStillReceivesALargeResponseReadSlowly(Transport transport) throws Exception {
    assumeFalse(
        transport == Transport.EPOLL,
        "Netty 4.2.18's epoll transport removes a socket from its epoll set once the socket's"
            + " input is shut down and nothing else is awaited, then fails the next write that"
            + " must wait (epoll_ctl MOD: ENOENT): a half-closed peer that reads slowly loses the"
            + " rest of the stream");
    int size = 8 << 20;
    TestBackend backend =
        closing(
            TestBackend.start(
                s -> {
                  readToEnd(s.getInputStream());
                  writeRandom(s.getOutputStream(), 3, size);
                }));
    Relay relay = closing(Relay.on(transport).backends(backend.config()).accessLog(log).start());
    Socket s = connect(relay);
    s.getOutputStream().write("send me a lot".getBytes(StandardCharsets.US_ASCII));
    s.shutdownOutput();
    assertThat(crcOf(s.getInputStream(), -1, null, size)).isEqualTo(expectedCrc(3, size));
    assertThat(onlyEntry().termination()).isEqualTo("ok");
  }

  private static CompletableFuture<Void> sendAsync(Socket s, long seed, int size, boolean eof) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            writeRandom(s.getOutputStream(), seed, size);
            if (eof) {
              s.shutdownOutput();
            }
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
  }

  private static void writeRandom(OutputStream out, long seed, int size) throws IOException {
    Random random = new Random(seed);
    byte[] chunk = new byte[65536];
    for (int left = size; left > 0; left -= chunk.length) {
      random.nextBytes(chunk);
      out.write(chunk, 0, Math.min(left, chunk.length));
    }
    out.flush();
  }

  private static long expectedCrc(long seed, int size) {
    Random random = new Random(seed);
    byte[] chunk = new byte[65536];
    CRC32 crc = new CRC32();
    for (int left = size; left > 0; left -= chunk.length) {
      random.nextBytes(chunk);
      crc.update(chunk, 0, Math.min(left, chunk.length));
    }
    return crc.getValue();
  }

  /**
   * The CRC of {@code size} bytes read from {@code in} (to the end of stream for -1); the first
   * {@code slowBytes} are read slowly, with Netty's direct memory sampled into {@code maxDirect}.
   */
  private static long crcOf(InputStream in, long size, AtomicLong maxDirect, long slowBytes)
      throws IOException, InterruptedException {
    CRC32 crc = new CRC32();
    byte[] buf = new byte[16384];
    long total = 0;
    while (size < 0 || total < size) {
      int want = size < 0 ? buf.length : (int) Math.min(buf.length, size - total);
      int n = in.read(buf, 0, want);
      if (n < 0) {
        break;
      }
      crc.update(buf, 0, n);
      total += n;
      if (total < slowBytes) {
        // Simulates a slow consumer (not a wait for a condition).
        Thread.sleep(0, 200_000);
        if (maxDirect != null) {
          maxDirect.accumulateAndGet(PlatformDependent.usedDirectMemory(), Math::max);
        }
      }
    }
    return crc.getValue();
  }

  @ParameterizedTest
  @MethodSource("transports")
  void halfCloseLetsTheBackendAnswerAfterTheClientFinishedSending(Transport transport)
      throws Exception {
    TestBackend backend =
        closing(
            TestBackend.start(
                s -> {
                  String request = readToEnd(s.getInputStream());
                  s.getOutputStream().write(("got " + request).getBytes(StandardCharsets.US_ASCII));
                }));
    Relay relay = closing(Relay.on(transport).backends(backend.config()).accessLog(log).start());
    Socket s = connect(relay);
    s.getOutputStream().write("question".getBytes(StandardCharsets.US_ASCII));
    s.shutdownOutput();
    assertThat(readToEnd(s.getInputStream())).isEqualTo("got question");
    assertThat(onlyEntry().termination()).isEqualTo("ok");
  }

  @ParameterizedTest
  @MethodSource("transports")
  void refusedConnectIsRetriedOnAnotherBackend(Transport transport) throws Exception {
    TestBackend live = closing(TestBackend.echo());
    BackendConfig dead = new BackendConfig("127.0.0.1", TestBackend.deadPort(), 1, 0);
    Relay relay = closing(Relay.on(transport).backends(dead, live.config()).accessLog(log).start());
    for (int i = 0; i < 4; i++) {
      try (Socket s = connect(relay)) {
        assertThat(exchange(s, "ping" + i)).isEqualTo("ping" + i);
      }
    }
    assertThat(relay.counter("tierkit_lb_tcp_connect_failures_total", "")).isPositive();
    assertThat(relay.counter("tierkit_lb_tcp_retries_total", "")).isPositive();
    await().atMost(PROMPTLY).until(() -> log.entries.size() == 4);
    assertThat(log.entries).allSatisfy(e -> assertThat(e.backend()).endsWith(":" + live.port()));
    assertThat(log.entries).anySatisfy(e -> assertThat(e.retries()).isEqualTo(1));
  }

  @ParameterizedTest
  @MethodSource("transports")
  void clientIsClosedPromptlyWhenEveryBackendIsDown(Transport transport) throws Exception {
    BackendConfig a = new BackendConfig("127.0.0.1", TestBackend.deadPort(), 1, 0);
    BackendConfig b = new BackendConfig("127.0.0.1", TestBackend.deadPort(), 1, 0);
    Relay relay = closing(Relay.on(transport).backends(a, b).accessLog(log).start());
    Socket s = connect(relay);
    assertClosedByRelay(s);
    AccessLogEntry e = onlyEntry();
    assertThat(e.termination()).isEqualTo("connect-failed");
    assertThat(e.backend()).isEqualTo("-");
    assertThat(e.connectMicros()).isEqualTo(-1);
    assertThat(e.retries()).isEqualTo(1);
    assertThat(relay.counter("tierkit_lb_tcp_rejected_total", ",reason=\"no-backend\""))
        .isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void idleConnectionIsClosedOnBothSides(Transport transport) throws Exception {
    TestBackend backend = closing(TestBackend.echo());
    Relay relay =
        closing(
            Relay.on(transport)
                .backends(backend.config())
                .idle(Duration.ofMillis(300))
                .accessLog(log)
                .start());
    Socket s = connect(relay);
    assertThat(exchange(s, "x")).isEqualTo("x");
    assertClosedByRelay(s);
    assertThat(onlyEntry().termination()).isEqualTo("idle-timeout");
  }

  /** A backend that reads a PROXY v2 header, hands it to {@code header}, then echoes. */
  private static TestBackend proxyAwareEcho(CompletableFuture<HAProxyMessage> header)
      throws IOException {
    return TestBackend.start(
        s -> {
          DataInputStream in = new DataInputStream(s.getInputStream());
          byte[] fixed = new byte[16];
          in.readFully(fixed);
          int length = ((fixed[14] & 0xff) << 8) | (fixed[15] & 0xff);
          byte[] addresses = new byte[length];
          in.readFully(addresses);
          EmbeddedChannel decoder = new EmbeddedChannel(new HAProxyMessageDecoder());
          decoder.writeInbound(Unpooled.wrappedBuffer(fixed, addresses));
          header.complete(decoder.readInbound());
          decoder.finishAndReleaseAll();
          byte[] buf = new byte[4096];
          for (int n; (n = in.read(buf)) > 0; ) {
            s.getOutputStream().write(buf, 0, n);
          }
        });
  }

  @ParameterizedTest
  @MethodSource("transports")
  void proxyV2HeaderToTheBackendCarriesTheClientAddress(Transport transport) throws Exception {
    CompletableFuture<HAProxyMessage> header = new CompletableFuture<>();
    TestBackend backend = closing(proxyAwareEcho(header));
    Relay relay = closing(Relay.on(transport).backends(backend.config()).sendProxyV2().start());
    Socket s = connect(relay);
    assertThat(exchange(s, "after header")).isEqualTo("after header");
    HAProxyMessage m = header.get(5, TimeUnit.SECONDS);
    try {
      assertThat(m.sourceAddress()).isEqualTo("127.0.0.1");
      assertThat(m.sourcePort()).isEqualTo(s.getLocalPort());
      assertThat(m.destinationAddress()).isEqualTo("127.0.0.1");
      assertThat(m.destinationPort()).isEqualTo(relay.port());
    } finally {
      m.release();
    }
  }

  @ParameterizedTest
  @MethodSource("transports")
  void proxyV1HeaderFromATrustedPeerBecomesTheClientAddress(Transport transport) throws Exception {
    CompletableFuture<HAProxyMessage> header = new CompletableFuture<>();
    TestBackend backend = closing(proxyAwareEcho(header));
    Relay relay =
        closing(
            Relay.on(transport)
                .backends(backend.config())
                .sendProxyV2()
                .acceptProxyFrom("127.0.0.1/32")
                .accessLog(log)
                .start());
    Socket s = connect(relay);
    s.getOutputStream()
        .write("PROXY TCP4 203.0.113.7 127.0.0.1 4444 80\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(exchange(s, "ping")).isEqualTo("ping");
    HAProxyMessage m = header.get(5, TimeUnit.SECONDS);
    try {
      assertThat(m.sourceAddress()).isEqualTo("203.0.113.7");
      assertThat(m.sourcePort()).isEqualTo(4444);
      assertThat(m.destinationPort()).isEqualTo(80);
    } finally {
      m.release();
    }
    s.close();
    assertThat(onlyEntry().client()).isEqualTo("203.0.113.7:4444");
  }

  @ParameterizedTest
  @MethodSource("transports")
  void proxyV2HeaderFromATrustedPeerIsAcceptedEvenWithDataInTheSameSegment(Transport transport)
      throws Exception {
    CompletableFuture<HAProxyMessage> header = new CompletableFuture<>();
    TestBackend backend = closing(proxyAwareEcho(header));
    Relay relay =
        closing(
            Relay.on(transport)
                .backends(backend.config())
                .sendProxyV2()
                .acceptProxyFrom("127.0.0.0/8")
                .accessLog(log)
                .start());
    Socket s = connect(relay);
    ByteBuf v2 =
        ProxyV2Header.encode(
            ByteBufAllocator.DEFAULT,
            new InetSocketAddress(InetAddress.getByName("198.51.100.9"), 5555),
            new InetSocketAddress(InetAddress.getByName("198.51.100.1"), 443));
    byte[] bytes = new byte[v2.readableBytes() + 4];
    v2.readBytes(bytes, 0, v2.readableBytes());
    v2.release();
    System.arraycopy("data".getBytes(StandardCharsets.US_ASCII), 0, bytes, bytes.length - 4, 4);
    s.getOutputStream().write(bytes);
    byte[] back = new byte[4];
    new DataInputStream(s.getInputStream()).readFully(back);
    assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("data");
    HAProxyMessage m = header.get(5, TimeUnit.SECONDS);
    try {
      assertThat(m.sourceAddress()).isEqualTo("198.51.100.9");
      assertThat(m.sourcePort()).isEqualTo(5555);
      assertThat(m.destinationAddress()).isEqualTo("198.51.100.1");
    } finally {
      m.release();
    }
    s.close();
    assertThat(onlyEntry().client()).isEqualTo("198.51.100.9:5555");
  }

  @ParameterizedTest
  @MethodSource("transports")
  void untrustedPeerIsAPlainClientAndItsProxyLineIsRelayedAsData(Transport transport)
      throws Exception {
    TestBackend backend = closing(TestBackend.echo());
    Relay relay =
        closing(
            Relay.on(transport)
                .backends(backend.config())
                .acceptProxyFrom("192.0.2.0/24")
                .accessLog(log)
                .start());
    Socket s = connect(relay);
    String line = "PROXY TCP4 203.0.113.7 127.0.0.1 4444 80\r\n";
    assertThat(exchange(s, line)).isEqualTo(line);
    s.close();
    assertThat(onlyEntry().client()).startsWith("127.0.0.1:");
  }

  @ParameterizedTest
  @MethodSource("transports")
  void garbageInsteadOfAProxyHeaderClosesTheConnection(Transport transport) throws Exception {
    TestBackend backend = closing(TestBackend.echo());
    Relay relay =
        closing(
            Relay.on(transport)
                .backends(backend.config())
                .acceptProxyFrom("127.0.0.1")
                .accessLog(log)
                .start());
    Socket s = connect(relay);
    s.getOutputStream()
        .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertClosedByRelay(s);
    assertThat(onlyEntry().termination()).isEqualTo("proxy-header-invalid");
    assertThat(backend.accepted()).isZero();
    assertThat(relay.counter("tierkit_lb_tcp_rejected_total", ",reason=\"proxy-header-invalid\""))
        .isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void connectionsPastThePerClientLimitAreClosedAtOnce(Transport transport) throws Exception {
    TestBackend backend = closing(TestBackend.echo());
    Relay relay =
        closing(Relay.on(transport).backends(backend.config()).maxConnectionsPerClient(1).start());
    Socket first = connect(relay);
    assertThat(exchange(first, "one")).isEqualTo("one");
    Socket second = connect(relay);
    assertClosedByRelay(second);
    assertThat(relay.counter("tierkit_lb_tcp_rejected_total", ",reason=\"client-limit\""))
        .isEqualTo(1);
    first.close();
    await()
        .atMost(PROMPTLY)
        .untilAsserted(
            () -> {
              try (Socket third = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
                third.setSoTimeout(2_000);
                assertThat(exchange(third, "three")).isEqualTo("three");
              }
            });
  }

  @ParameterizedTest
  @MethodSource("transports")
  void connectionWaitsForASlotWhenEveryBackendIsAtItsLimit(Transport transport) throws Exception {
    TestBackend backend = closing(TestBackend.echo());
    Relay relay =
        closing(
            Relay.on(transport)
                .backends(backend.config())
                .maxConnectionsPerBackend(1, 10, Duration.ofSeconds(5))
                .start());
    Socket first = connect(relay);
    assertThat(exchange(first, "one")).isEqualTo("one");
    Socket second = connect(relay);
    second.getOutputStream().write("two".getBytes(StandardCharsets.US_ASCII));
    await().atMost(PROMPTLY).until(() -> relay.pool.waiting() == 1);
    assertThat(backend.accepted()).isEqualTo(1);
    first.close();
    byte[] back = new byte[3];
    new DataInputStream(second.getInputStream()).readFully(back);
    assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("two");
  }

  @ParameterizedTest
  @MethodSource("transports")
  void queuedConnectionIsClosedWhenTheQueueTimeoutPasses(Transport transport) throws Exception {
    TestBackend backend = closing(TestBackend.echo());
    Relay relay =
        closing(
            Relay.on(transport)
                .backends(backend.config())
                .maxConnectionsPerBackend(1, 10, Duration.ofMillis(200))
                .accessLog(log)
                .start());
    Socket first = connect(relay);
    assertThat(exchange(first, "one")).isEqualTo("one");
    Socket second = connect(relay);
    assertClosedByRelay(second);
    await().atMost(PROMPTLY).until(() -> !log.entries.isEmpty());
    assertThat(log.entries.peek().termination()).isEqualTo("no-backend");
    assertThat(exchange(first, "still")).isEqualTo("still");
  }

  @ParameterizedTest
  @MethodSource("transports")
  void everyConnectionGivesBackItsSlotLimitAndRetryHoweverItEnds(Transport transport)
      throws Exception {
    TestBackend live = closing(TestBackend.echo());
    BackendConfig dead = new BackendConfig("127.0.0.1", TestBackend.deadPort(), 1, 0);
    Relay relay =
        closing(
            Relay.on(transport)
                .backends(dead, live.config())
                .maxConnectionsPerClient(1000)
                .accessLog(log)
                .start());
    int connections = 30;
    List<CompletableFuture<Void>> clients = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      int kind = i % 3;
      clients.add(
          CompletableFuture.runAsync(
              () -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), relay.port())) {
                  s.setSoTimeout(5_000);
                  try {
                    assertThat(exchange(s, "hi")).isEqualTo("hi");
                  } catch (SocketException | java.io.EOFException refused) {
                    // The retry budget lets only a few retries run at once: past it a
                    // connection whose first backend refused is closed instead.
                    return;
                  }
                  if (kind == 1) {
                    s.setSoLinger(true, 0); // ends with a reset
                  } else if (kind == 2) {
                    s.shutdownOutput();
                    assertThat(s.getInputStream().read()).isEqualTo(-1);
                  }
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }));
    }
    CompletableFuture.allOf(clients.toArray(new CompletableFuture<?>[0])).get(10, TimeUnit.SECONDS);
    await().atMost(PROMPTLY).until(() -> log.entries.size() == connections);
    await()
        .atMost(PROMPTLY)
        .untilAsserted(
            () -> {
              assertThat(relay.pool.backends()).allSatisfy(b -> assertThat(b.active()).isZero());
              assertThat(relay.limiter.clients()).isZero();
              assertThat(relay.budget.retrying()).isZero();
            });
    assertThat(log.entries)
        .allSatisfy(
            e ->
                assertThat(e.termination().equals("connect-failed") || e.bytesOut() == 2)
                    .as(e.toString())
                    .isTrue());
    assertThat(log.entries).anySatisfy(e -> assertThat(e.bytesOut()).isEqualTo(2));
  }

  @ParameterizedTest
  @MethodSource("transports")
  void accessLogFileGetsOneLinePerConnection(Transport transport) throws Exception {
    Path file = dir.resolve("access.log");
    FileAccessLog fileLog = closing(FileAccessLog.open(file, new MetricRegistry()));
    TestBackend backend = closing(TestBackend.echo());
    Relay relay =
        closing(Relay.on(transport).backends(backend.config()).accessLog(fileLog).start());
    int clientPort;
    try (Socket s = connect(relay)) {
      clientPort = s.getLocalPort();
      assertThat(exchange(s, "abc")).isEqualTo("abc");
    }
    String pattern =
        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z front 127\\.0\\.0\\.1:"
            + clientPort
            + " 127\\.0\\.0\\.1:"
            + backend.port()
            + " \"-\" - 3 3 \\d+\\.\\d{3} \\d+\\.\\d{3} 0 ok\n";
    await().atMost(PROMPTLY).until(() -> Files.readString(file).matches(pattern));
  }

  @ParameterizedTest
  @MethodSource("transports")
  void tlsIsTerminatedOnATcpFrontend(Transport transport) throws Exception {
    TlsConfig tls =
        new TlsConfig(List.of(TestCertificates.write(dir, "relay", List.of("relay.test"))));
    TestBackend backend = closing(TestBackend.echo());
    Relay relay =
        closing(
            Relay.on(transport)
                .backends(backend.config())
                .tls(TlsContexts.build(tls))
                .accessLog(log)
                .start());
    try (SSLSocket s =
        (SSLSocket)
            TestCertificates.trustAll()
                .getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), relay.port())) {
      s.setSoTimeout(5_000);
      assertThat(exchange(s, "in the clear only at the backend"))
          .isEqualTo("in the clear only at the backend");
    }
    await().atMost(PROMPTLY).until(() -> !log.entries.isEmpty());
    assertThat(log.entries.peek().bytesIn()).isEqualTo(32);
  }

  @ParameterizedTest
  @MethodSource("transports")
  void proxyHeaderComesBeforeTheTlsHandshake(Transport transport) throws Exception {
    TlsConfig tls =
        new TlsConfig(List.of(TestCertificates.write(dir, "relay", List.of("relay.test"))));
    TestBackend backend = closing(TestBackend.echo());
    Relay relay =
        closing(
            Relay.on(transport)
                .backends(backend.config())
                .acceptProxyFrom("127.0.0.1")
                .tls(TlsContexts.build(tls))
                .accessLog(log)
                .start());
    Socket plain = connect(relay);
    plain
        .getOutputStream()
        .write("PROXY TCP4 192.0.2.44 127.0.0.1 6000 443\r\n".getBytes(StandardCharsets.US_ASCII));
    try (SSLSocket s =
        (SSLSocket)
            TestCertificates.trustAll()
                .getSocketFactory()
                .createSocket(plain, "127.0.0.1", relay.port(), true)) {
      assertThat(exchange(s, "over tls")).isEqualTo("over tls");
    }
    await().atMost(PROMPTLY).until(() -> !log.entries.isEmpty());
    assertThat(log.entries.peek().client()).isEqualTo("192.0.2.44:6000");
  }
}
