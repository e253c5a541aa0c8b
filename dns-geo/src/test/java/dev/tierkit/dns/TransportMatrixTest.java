package dev.tierkit.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.launch.RunningDaemon;
import dev.tierkit.common.runtime.RuntimeConfig;
import dev.tierkit.common.transport.Transport;
import dev.tierkit.common.transport.TransportChoice;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * UDP (on several SO_REUSEPORT sockets where the transport has them) and TCP on every transport
 * this machine runs, including a TCP client that sends garbage: its connection closes, the next one
 * is served.
 */
class TransportMatrixTest {
  static List<Transport> transports() {
    return Transport.available();
  }

  @ParameterizedTest
  @MethodSource("transports")
  void answersOverUdpAndTcpAndSurvivesGarbageOnEveryTransport(Transport transport)
      throws Exception {
    RuntimeConfig runtime =
        new RuntimeConfig(TransportChoice.valueOf(transport.name()), 2, Duration.ofSeconds(5), 100);
    DnsConfig config = TestDns.example();
    try (RunningDaemon daemon = TestDns.start(runtime, config)) {
      assertThat(daemon.runtime().transport()).isEqualTo(transport);
      DnsClient client = new DnsClient(TestDns.port(daemon));
      for (int i = 0; i < 50; i++) {
        Message udp = client.udp(DnsClient.query("static.example.test.", Type.A));
        assertThat(udp.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("192.0.2.80");
      }
      Message geo =
          client.tcp(DnsClient.queryWithSubnet("www.example.test.", Type.A, "10.2.3.0", 24));
      assertThat(geo.getSection(Section.ANSWER).get(0).rdataToString()).isEqualTo("127.2.0.1");

      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), TestDns.port(daemon))) {
        socket.setSoTimeout(3000);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeShort(3);
        out.write(new byte[] {1, 2, 3}); // not even a header: no reply, the stream is closed
        out.flush();
        InputStream in = socket.getInputStream();
        assertThat(in.read()).isEqualTo(-1);
      } catch (IOException reset) {
        // A reset is a close too.
      }
      Message after = client.tcp(DnsClient.query("mail.example.test.", Type.A));
      assertThat(after.getRcode()).isEqualTo(Rcode.NOERROR);
    }
  }
}
