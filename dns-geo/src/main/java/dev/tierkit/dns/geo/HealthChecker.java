package dev.tierkit.dns.geo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every {@link HealthCheck} on its own small pool of daemon threads (never an event loop)
 * and writes the outcome into a {@link HealthState}.
 *
 * <p>A check goes down after {@code fall} failed probes in a row and up again after {@code rise}
 * good ones; each change is logged once. Probes start every {@code interval} (fixed rate; a probe
 * never takes longer than its {@code timeout}, which is at most the interval). With the defaults
 * (interval 500 ms, timeout 400 ms, fall 2) a data center that dies just after a good probe is
 * marked down at most {@code fall * interval + timeout} = 1.4 s later, and answers switch on the
 * next query.
 *
 * <p>HTTP is a minimal GET over a plain socket rather than {@code java.net.http.HttpClient}: one
 * fresh connection per probe (a pooled connection would not notice a listener that stopped
 * accepting), one deadline over connect, write and status line, nothing read past the status line,
 * and no client threads left behind on {@link #close()} (Java 17's HttpClient cannot be closed).
 *
 * <p>Limits: at most {@link #MAX_THREADS} probe threads (a blocked probe holds one for up to its
 * timeout; with more checks than threads all timing out, probes start late rather than overlap);
 * the status line is read up to {@link #MAX_STATUS_LINE} bytes; only {@code http://} targets.
 */
public final class HealthChecker implements AutoCloseable {
  /** The most probe threads one checker runs. */
  public static final int MAX_THREADS = 16;

  /** The longest HTTP status line read. */
  public static final int MAX_STATUS_LINE = 1024;

  private static final Logger log = LoggerFactory.getLogger(HealthChecker.class);

  private final List<HealthCheck> checks;
  private final HealthState state;
  private final ScheduledThreadPoolExecutor executor;
  private final Set<Socket> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean started = new AtomicBoolean();
  private volatile boolean closed;

  /** A checker for {@code geo}'s checks, writing into {@code geo.health()}. Call {@link #start}. */
  public HealthChecker(CompiledGeo geo) {
    this(geo.checks(), geo.health());
  }

  HealthChecker(List<HealthCheck> checks, HealthState state) {
    this.checks = List.copyOf(checks);
    this.state = state;
    AtomicInteger threadNumber = new AtomicInteger();
    ThreadFactory threads =
        r -> {
          Thread t = new Thread(r, "geo-health-" + threadNumber.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.executor =
        new ScheduledThreadPoolExecutor(Math.max(1, Math.min(MAX_THREADS, checks.size())), threads);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
  }

  /**
   * Starts probing; the first probe of every check runs at once.
   *
   * @throws IllegalStateException when already started
   */
  public HealthChecker start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("health checker already started");
    }
    for (HealthCheck check : checks) {
      Probe probe = new Probe(check);
      executor.scheduleAtFixedRate(probe, 0, check.interval().toNanos(), TimeUnit.NANOSECONDS);
    }
    return this;
  }

  /** Stops every probe, aborting those in flight, and waits briefly for the threads to end. */
  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
    for (Socket socket : inFlight) {
      closeQuietly(socket);
    }
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Rise and fall: the run of equal probe results a check needs before its state flips. Updated
   * only by its check's probe runs, which the executor serialises, so the counters need no lock.
   */
  static final class Thresholds {
    private final HealthCheck check;
    private final HealthState state;
    private int successes;
    private int failures;

    Thresholds(HealthCheck check, HealthState state) {
      this.check = check;
      this.state = state;
    }

    /**
     * Counts one probe result ({@code failure} null for a pass) and flips the check's state when
     * the run is long enough; returns whether it flipped.
     */
    boolean record(String failure) {
      boolean up = state.isUp(check.id());
      if (failure == null) {
        failures = 0;
        successes++;
        if (!up && successes >= check.rise() && state.setUp(check.id(), true)) {
          log.info("health: {} is UP after {} good probes", check.describe(), successes);
          return true;
        }
      } else {
        successes = 0;
        failures++;
        if (up && failures >= check.fall() && state.setUp(check.id(), false)) {
          log.warn(
              "health: {} is DOWN after {} failed probes: {}", check.describe(), failures, failure);
          return true;
        }
      }
      return false;
    }
  }

  /** One check's schedule. */
  private final class Probe implements Runnable {
    private final HealthCheck check;
    private final Thresholds thresholds;

    Probe(HealthCheck check) {
      this.check = check;
      this.thresholds = new Thresholds(check, state);
    }

    @Override
    public void run() {
      String failure;
      try {
        failure = check.kind() == HealthCheck.Kind.TCP ? probeTcp() : probeHttp();
      } catch (IOException | RuntimeException e) {
        failure = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      }
      if (!closed) {
        thresholds.record(failure);
      }
    }

    /** Returns null when the probe passed, else why it failed. */
    private String probeTcp() throws IOException {
      HostPort target = check.tcpTarget();
      long deadline = deadline();
      Socket socket = open();
      try (socket) {
        socket.connect(
            new InetSocketAddress(target.host(), target.port()), timeoutMillis(deadline));
        return null;
      } finally {
        inFlight.remove(socket);
      }
    }

    private String probeHttp() throws IOException {
      URI uri = check.httpTarget();
      long deadline = deadline();
      int port = uri.getPort() < 0 ? 80 : uri.getPort();
      Socket socket = open();
      try (socket) {
        socket.connect(new InetSocketAddress(uri.getHost(), port), timeoutMillis(deadline));
        String path =
            uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
          path += "?" + uri.getRawQuery();
        }
        String host = uri.getHost().indexOf(':') >= 0 ? "[" + uri.getHost() + "]" : uri.getHost();
        String request =
            "GET "
                + path
                + " HTTP/1.1\r\nHost: "
                + host
                + (uri.getPort() < 0 ? "" : ":" + port)
                + "\r\nUser-Agent: tierkit-dns-geo\r\nConnection: close\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String status = readStatusLine(socket, deadline);
        // "HTTP/1.1 200 OK": the code is the second token.
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || parts[1].length() != 3) {
          return "not an HTTP status line: " + status;
        }
        return parts[1].charAt(0) == '2' ? null : "HTTP status " + parts[1];
      } finally {
        inFlight.remove(socket);
      }
    }

    private String readStatusLine(Socket socket, long deadline) throws IOException {
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      while (line.length() < MAX_STATUS_LINE) {
        socket.setSoTimeout(timeoutMillis(deadline));
        int b = in.read();
        if (b < 0) {
          return line.length() == 0 ? "connection closed before a status line" : line.toString();
        }
        if (b == '\n') {
          break;
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }

    /** A socket that {@link #close()} can abort while a probe blocks on it. */
    private Socket open() {
      Socket socket = new Socket();
      inFlight.add(socket);
      return socket;
    }

    private long deadline() {
      return System.nanoTime() + check.timeout().toNanos();
    }

    private int timeoutMillis(long deadline) throws SocketTimeoutException {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new SocketTimeoutException("timed out after " + check.timeout().toMillis() + "ms");
      }
      return (int) Math.min(Integer.MAX_VALUE, left);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing to abort a probe; nothing to do
    }
  }
}
