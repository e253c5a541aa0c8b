package dev.tierkit.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.launch.RunningDaemon;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/** Response rate limiting: over the rate, some responses slip out truncated and the rest drop. */
class RateLimitTest {
  @TempDir Path dir;

  @Test
  void floodIsLimitedWithSlipAndTcpStillAnswers() throws Exception {
    Path zone = TestDns.copy("/it/example.test.zone", dir);
    RateLimitConfig rrl = new RateLimitConfig(10, 2, 24, 56, 1024);
    try (RunningDaemon daemon = TestDns.start(TestDns.config(zone, null, rrl));
        DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      int port = TestDns.port(daemon);
      byte[] query = DnsClient.query("static.example.test.", Type.A).toWire();
      for (int i = 0; i < 60; i++) {
        socket.send(
            new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), port));
      }
      socket.setSoTimeout(500);
      int full = 0;
      int truncated = 0;
      byte[] buf = new byte[2048];
      try {
        while (true) {
          DatagramPacket reply = new DatagramPacket(buf, buf.length);
          socket.receive(reply);
          Message m = new Message(java.util.Arrays.copyOf(buf, reply.getLength()));
          if (m.getHeader().getFlag(Flags.TC)) {
            truncated++;
          } else {
            full++;
          }
        }
      } catch (SocketTimeoutException done) {
        // all replies read
      }
      // Sixty queries inside a second or two: at most about two seconds' budget answered in full.
      assertThat(full).isBetween(10, 20);
      assertThat(truncated).isPositive();
      assertThat(full + truncated).isLessThan(60);
      Message overTcp = new DnsClient(port).tcp(DnsClient.query("static.example.test.", Type.A));
      assertThat(overTcp.getHeader().getFlag(Flags.TC)).isFalse();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
