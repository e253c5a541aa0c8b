package dev.tierkit.dist.demo;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts, watches and stops the child JVMs of the demo.
 *
 * <p>{@link #startAll()} starts the programs stage by stage (all of a stage at once, since they do
 * not depend on each other, then waits until each answers 200 on its ready URL) and {@link
 * #close()} stops them in the reverse order: SIGTERM, then SIGKILL for any still alive after {@link
 * #STOP_TIMEOUT}. Each child's stdout and stderr go, every line prefixed with its name, to {@code
 * NAME.log} in the log directory (a restarted child appends to it); the last {@value #TAIL_LINES}
 * lines are kept in memory to show when it fails. {@link #kill(String)} and {@link #start(String)}
 * end and restart one process, for scenarios.
 *
 * <p>{@link #close()} is idempotent and safe to call from a shutdown hook while another thread is
 * starting processes: a start after close fails instead of leaving a child behind.
 */
public final class DemoProcesses implements AutoCloseable {
  /** How long a stopping child may drain before it is killed. */
  public static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  /** How long a stage of children has to become ready. */
  public static final Duration READY_TIMEOUT = Duration.ofSeconds(45);

  static final int TAIL_LINES = 20;

  private final Map<String, Program> programs = new LinkedHashMap<>();
  private final ChildJvm jvm;
  private final Path logDir;
  private final PrintStream console;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private final Map<String, Child> running = new LinkedHashMap<>();
  private boolean closed;

  /** A running child: its process and the tail of its output. */
  private record Child(Program program, Process process, Deque<String> tail, Thread pump) {}

  /**
   * Prepares to run {@code programs} with {@code jvm}; nothing starts until {@link #startAll()}.
   */
  public DemoProcesses(List<Program> programs, ChildJvm jvm, Path logDir, PrintStream console) {
    for (Program program : programs) {
      if (this.programs.put(program.name(), program) != null) {
        throw new IllegalArgumentException("program name " + program.name() + " is used twice");
      }
    }
    this.jvm = jvm;
    this.logDir = logDir;
    this.console = console;
  }

  /** Starts every program in stage order and waits until each is ready. */
  public void startAll() {
    Map<Integer, List<Program>> stages = new TreeMap<>();
    for (Program program : programs.values()) {
      stages.computeIfAbsent(program.stage(), s -> new ArrayList<>()).add(program);
    }
    for (List<Program> stage : stages.values()) {
      long began = System.nanoTime();
      for (Program program : stage) {
        launch(program);
      }
      for (Program program : stage) {
        awaitReady(program.name());
        console.printf(
            "  %-14s ready  pid %-7d %5d ms%n",
            program.name(), pid(program.name()), (System.nanoTime() - began) / 1_000_000);
      }
    }
  }

  /** Starts the program {@code name} again (after {@link #kill}) and waits until it is ready. */
  public void start(String name) {
    Program program = program(name);
    synchronized (this) {
      Child child = running.get(name);
      if (child != null && child.process().isAlive()) {
        throw new DemoException(name + " is already running (pid " + child.process().pid() + ")");
      }
    }
    launch(program);
    awaitReady(name);
  }

  /**
   * Ends {@code name} at once with SIGKILL, as a crash would, and waits until it is gone. Its
   * dependants keep running; that is what a scenario wants to watch.
   */
  public void kill(String name) {
    program(name);
    Child child;
    synchronized (this) {
      child = running.remove(name);
    }
    if (child != null) {
      child.process().destroyForcibly();
      waitGone(child, STOP_TIMEOUT);
    }
  }

  /** Stops {@code name} gracefully (SIGTERM, SIGKILL after {@link #STOP_TIMEOUT}). */
  public void stop(String name) {
    program(name);
    Child child;
    synchronized (this) {
      child = running.remove(name);
    }
    if (child != null) {
      stopChild(child);
    }
  }

  /** The PID of each running child, by name, in start order. */
  public synchronized Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    running.forEach((name, child) -> pids.put(name, child.process().pid()));
    return pids;
  }

  /** Whether {@code name} is running now. */
  public synchronized boolean isRunning(String name) {
    Child child = running.get(name);
    return child != null && child.process().isAlive();
  }

  /** The log file of {@code name}. */
  public Path logFile(String name) {
    return logDir.resolve(program(name).name() + ".log");
  }

  /** The last lines {@code name} printed, oldest first. */
  public List<String> tail(String name) {
    Child child;
    synchronized (this) {
      child = running.get(name);
    }
    if (child == null) {
      return List.of();
    }
    synchronized (child.tail()) {
      return List.copyOf(child.tail());
    }
  }

  /** Stops every child, the last started first; ends with no child left alive. */
  @Override
  public void close() {
    List<Child> children;
    synchronized (this) {
      closed = true;
      children = new ArrayList<>(running.values());
      running.clear();
    }
    children.sort(Comparator.comparingInt((Child c) -> c.program().stage()).reversed());
    for (Child child : children) {
      stopChild(child);
    }
  }

  private Program program(String name) {
    Program program = programs.get(name);
    if (program == null) {
      throw new IllegalArgumentException(
          "no program named " + name + " (known: " + String.join(", ", programs.keySet()) + ")");
    }
    return program;
  }

  private long pid(String name) {
    Long pid = pids().get(name);
    return pid == null ? -1 : pid;
  }

  private void launch(Program program) {
    Path log = logDir.resolve(program.name() + ".log");
    Process process;
    synchronized (this) {
      if (closed) {
        throw new DemoException("not starting " + program.name() + ": the demo is stopping");
      }
      try {
        Files.createDirectories(logDir);
        process =
            new ProcessBuilder(jvm.command(program))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
      } catch (IOException e) {
        throw new DemoException("cannot start " + program.name() + ": " + e.getMessage());
      }
      // Nothing reads a child's stdin; closing it keeps a child from waiting on the demo's.
      try {
        process.getOutputStream().close();
      } catch (IOException e) {
        // A child that already exited; awaitReady reports it.
      }
      Deque<String> tail = new ArrayDeque<>();
      Thread pump =
          new Thread(() -> pump(program.name(), process, log, tail), "demo-log-" + program.name());
      pump.setDaemon(true);
      pump.start();
      running.put(program.name(), new Child(program, process, tail, pump));
    }
  }

  /** Copies the child's output into its log file, each line prefixed, keeping the last lines. */
  private static void pump(String name, Process process, Path log, Deque<String> tail) {
    String prefix = name + " | ";
    try (BufferedReader in =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        // Appended, not replaced: a restarted child's earlier run is what explains a failure.
        BufferedWriter out =
            Files.newBufferedWriter(
                log,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
      String line;
      while ((line = in.readLine()) != null) {
        out.write(prefix);
        out.write(line);
        out.newLine();
        out.flush();
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      synchronized (tail) {
        tail.addLast("(log of " + name + " failed: " + e.getMessage() + ")");
      }
    }
  }

  /**
   * Polls the ready URL until it answers 200. A child that exits first, or is not ready within
   * {@link #READY_TIMEOUT}, fails the start with its last lines.
   */
  private void awaitReady(String name) {
    Child child;
    synchronized (this) {
      child = running.get(name);
    }
    if (child == null) {
      throw new DemoException(name + " was stopped while starting");
    }
    Optional<URI> url = child.program().readyUrl();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      if (!child.process().isAlive()) {
        throw failure(
            child, "exited with status " + child.process().exitValue() + " while starting");
      }
      if (url.isEmpty() || answers200(url.get())) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw failure(
            child, "not ready after " + READY_TIMEOUT.toSeconds() + " s (" + url.get() + ")");
      }
      try {
        // A poll, not a wait for a signal: the child offers nothing to block on but its URL.
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DemoException("interrupted while waiting for " + name);
      }
    }
  }

  private boolean answers200(URI url) {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(1)).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DemoException("interrupted while polling " + url);
    }
  }

  private DemoException failure(Child child, String what) {
    // The output pump may still be copying the last lines of a child that just died.
    try {
      child.pump().join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    StringBuilder message = new StringBuilder(child.program().name()).append(' ').append(what);
    message.append("; last lines (all in ").append(logDir.resolve(child.program().name() + ".log"));
    message.append("):");
    synchronized (child.tail()) {
      for (String line : child.tail()) {
        message.append("\n  ").append(child.program().name()).append(" | ").append(line);
      }
    }
    return new DemoException(message.toString());
  }

  private static void stopChild(Child child) {
    Process process = child.process();
    if (process.isAlive()) {
      process.destroy();
      if (!waitGone(child, STOP_TIMEOUT)) {
        process.destroyForcibly();
        waitGone(child, STOP_TIMEOUT);
      }
    }
  }

  private static boolean waitGone(Child child, Duration timeout) {
    try {
      boolean gone = child.process().waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (gone) {
        child.pump().join(1000);
      }
      return gone;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      // Still end the child: a stop must not be skipped because the caller was interrupted.
      child.process().destroyForcibly();
      return false;
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
