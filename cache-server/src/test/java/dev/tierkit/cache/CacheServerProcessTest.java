package dev.tierkit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.DaemonProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** cache-server as a real process started with memcached's flags, stopped with SIGTERM. */
class CacheServerProcessTest {
  private DaemonProcess daemon;

  @AfterEach
  void killLeftover() {
    if (daemon != null) {
      daemon.close();
    }
  }

  private static String exchange(int port, String request, String terminator) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder reply = new StringBuilder();
      byte[] buffer = new byte[4096];
      while (!reply.toString().endsWith(terminator)) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        reply.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
      }
      return reply.toString();
    }
  }

  @Test
  void servesWithMemcachedFlagsAndExitsZeroOnSigterm() throws Exception {
    daemon =
        DaemonProcess.start(
            CacheServerCommand.class,
            List.of(),
            "-l",
            "127.0.0.1",
            "-p",
            "0",
            "-U",
            "0",
            "-t",
            "1",
            "-m",
            "16",
            "-c",
            "64",
            "--admin-port",
            "-1");
    int port = daemon.port(CacheServer.LISTENER);
    assertThat(exchange(port, "set k 5 0 5\r\nhello\r\nget k\r\n", "END\r\n"))
        .isEqualTo("STORED\r\nVALUE k 5 5\r\nhello\r\nEND\r\n");
    daemon.process().destroy();
    assertThat(daemon.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(daemon.process().exitValue()).as("exit code; log: %s", daemon.log()).isZero();
  }
}
