package dev.tierkit.common.testing;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daemon command run as a child JVM on the test class path, its output (stdout and stderr)
 * collected line by line, for tests that signal, kill or restart a real process. {@link #close()}
 * kills it if it is still alive.
 */
public final class DaemonProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("listening: (\\w+) on tcp [^:]+:(\\d+)");

  private final Process process;
  private final List<String> log = new CopyOnWriteArrayList<>();

  private DaemonProcess(Process process) {
    this.process = process;
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
            },
            "daemon-process-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code mainClass} with a 128 MB heap, {@code jvmOptions} and {@code args}. */
  public static DaemonProcess start(Class<?> mainClass, List<String> jvmOptions, String... args)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "-Xmx128m"));
    command.addAll(jvmOptions);
    command.add(mainClass.getName());
    command.addAll(List.of(args));
    return new DaemonProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  public Process process() {
    return process;
  }

  /** Every line the process has printed so far. */
  public List<String> log() {
    return log;
  }

  /**
   * Waits (at most 30 s) until the daemon reports ready, then returns the port its listener {@code
   * listener} bound, from the runtime's "listening:" log line.
   */
  public int port(String listener) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> log.stream().anyMatch(l -> l.contains(" ready in ")) || !process.isAlive());
    for (String line : log) {
      Matcher m = LISTENING.matcher(line);
      if (m.find() && m.group(1).equals(listener)) {
        return Integer.parseInt(m.group(2));
      }
    }
    throw new AssertionError("no '" + listener + "' listener in log: " + log);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
