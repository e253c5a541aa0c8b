package dev.tierkit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** cache-server as a real process started with memcached's flags, stopped with SIGTERM. */
class CacheServerProcessTest {
  private static final Pattern LISTENING =
      Pattern.compile("listening: memcached on tcp [^:]+:(\\d+)");

  private Process process;
  private final List<String> log = new CopyOnWriteArrayList<>();

  @AfterEach
  void killLeftover() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private int start(String... args) throws IOException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xmx256m",
                CacheServerCommand.class.getName()));
    command.addAll(List.of(args));
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  log.add(line);
                }
              } catch (IOException e) {
                log.add("reader failed: " + e);
              }
            });
    reader.setDaemon(true);
    reader.start();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> log.stream().anyMatch(l -> l.contains(" ready in ")) || !process.isAlive());
    for (String line : log) {
      Matcher m = LISTENING.matcher(line);
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("no listening line in: " + log);
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
    int port =
        start(
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
    assertThat(exchange(port, "set k 5 0 5\r\nhello\r\nget k\r\n", "END\r\n"))
        .isEqualTo("STORED\r\nVALUE k 5 5\r\nhello\r\nEND\r\n");
    process.destroy();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("exit code; log: %s", log).isZero();
  }
}
