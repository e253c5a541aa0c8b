package dev.tierkit.lb.log;

import dev.tierkit.common.metrics.Counter;
import dev.tierkit.common.metrics.MetricRegistry;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.jctools.queues.MpscArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An access log written to a file (appended to) or to standard output (path {@code -}), one line
 * per entry, by one daemon writer thread: the event loops only offer entries to a bounded lock-free
 * queue, so a slow disk never stalls them.
 *
 * <p>Line format, space-separated:
 *
 * <pre>
 * 2026-12-01T12:00:00.123Z web 127.0.0.1:50123 127.0.0.1:9001 "GET / HTTP/1.1" 200 0 512 0.210 1.875 0 ok
 * </pre>
 *
 * start time (UTC, milliseconds), frontend, client, backend ({@code -} when none answered), the
 * request in double quotes ({@code "-"} for tcp; {@code "}, {@code \} and control characters
 * escaped as {@code \"}, {@code \\} and {@code \xHH}, so a client cannot forge a line; spaces in
 * the unquoted fields too), status ({@code -} for tcp), bytes in, bytes out, connect time and total
 * time in milliseconds with three decimals (connect {@code -} when no connection was made),
 * retries, termination.
 *
 * <p>Limits: the queue holds {@link #DEFAULT_CAPACITY} entries unless told otherwise; when it is
 * full an entry is dropped and counted ({@link #dropped()}, {@code
 * tierkit_lb_access_log_dropped_total}). The writer flushes whenever the queue runs dry, so a line
 * reaches the file within moments of its entry without a flush per line under load. A write error
 * is logged once and counted; the writer keeps going. {@link #close()} writes what is queued and
 * flushes.
 */
public final class FileAccessLog implements AccessLog {
  /** Entries the queue holds by default. */
  public static final int DEFAULT_CAPACITY = 65_536;

  private static final Logger log = LoggerFactory.getLogger(FileAccessLog.class);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** How long the writer parks when idle; bounds the delay should a wake-up be missed. */
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final MpscArrayQueue<AccessLogEntry> queue;
  private final Writer out;
  private final boolean closeOut;
  private final String name;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final Counter droppedCounter;
  private final Counter writeErrors;
  private final Thread writer;
  private final StringBuilder line = new StringBuilder(256);
  private volatile boolean sleeping;
  private volatile boolean closed;
  private boolean errorLogged;

  FileAccessLog(Writer out, boolean closeOut, String name, int capacity, MetricRegistry metrics) {
    this.queue = new MpscArrayQueue<>(capacity);
    this.out = out;
    this.closeOut = closeOut;
    this.name = name;
    this.droppedCounter =
        metrics.counter(
            "tierkit_lb_access_log_dropped_total",
            "Access-log entries dropped because the writer's queue was full.");
    this.writeErrors =
        metrics.counter(
            "tierkit_lb_access_log_write_errors_total", "Access-log writes that failed.");
    this.writer = new Thread(this::run, "access-log");
    writer.setDaemon(true);
    writer.start();
  }

  /** Opens {@code path} (created if missing, appended to), or standard output for {@code -}. */
  public static FileAccessLog open(Path path, MetricRegistry metrics) {
    return open(path, metrics, DEFAULT_CAPACITY);
  }

  /**
   * Opens {@code path} with a queue of {@code capacity} entries.
   *
   * @throws IllegalArgumentException when {@code capacity} is below 2
   * @throws UncheckedIOException naming the file when it cannot be opened
   */
  public static FileAccessLog open(Path path, MetricRegistry metrics, int capacity) {
    if (capacity < 2) {
      throw new IllegalArgumentException("access log queue capacity must be >= 2, got " + capacity);
    }
    if (path.toString().equals("-")) {
      return new FileAccessLog(
          new OutputStreamWriter(System.out, StandardCharsets.UTF_8),
          false,
          "-",
          capacity,
          metrics);
    }
    try {
      Writer w =
          Files.newBufferedWriter(
              path,
              StandardCharsets.UTF_8,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND);
      return new FileAccessLog(w, true, path.toString(), capacity, metrics);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open access log " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void log(AccessLogEntry entry) {
    if (closed || !queue.relaxedOffer(entry)) {
      dropped.increment();
      droppedCounter.increment();
      return;
    }
    if (sleeping) {
      LockSupport.unpark(writer);
    }
  }

  /** Entries dropped since open: the queue was full, or the log closed. */
  public long dropped() {
    return dropped.sum();
  }

  /** Lines written since open. */
  public long written() {
    return written.sum();
  }

  /** Writes what is queued, flushes, and closes the file (standard output stays open). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    LockSupport.unpark(writer);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    boolean dirty = false;
    while (true) {
      AccessLogEntry entry = queue.relaxedPoll();
      if (entry != null) {
        write(entry);
        dirty = true;
        continue;
      }
      if (dirty) {
        dirty = false;
        flush();
      }
      if (closed && queue.isEmpty()) {
        break;
      }
      sleeping = true;
      if (queue.isEmpty() && !closed) {
        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
      }
      sleeping = false;
    }
    try {
      if (closeOut) {
        out.close();
      } else {
        out.flush();
      }
    } catch (IOException e) {
      failed(e);
    }
  }

  private void write(AccessLogEntry e) {
    line.setLength(0);
    format(e, line);
    line.append('\n');
    try {
      out.append(line);
      written.increment();
    } catch (IOException ex) {
      failed(ex);
    }
  }

  private void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      failed(e);
    }
  }

  private void failed(IOException e) {
    writeErrors.increment();
    if (!errorLogged) {
      errorLogged = true;
      log.error("access log {}: write failed (later failures are only counted)", name, e);
    }
  }

  /** Appends {@code e} as one line, without the newline, in the format of the class comment. */
  static void format(AccessLogEntry e, StringBuilder sb) {
    TIME.formatTo(Instant.ofEpochMilli(e.startMillis()), sb);
    sb.append(' ');
    appendToken(sb, e.frontend());
    sb.append(' ');
    appendToken(sb, e.client());
    sb.append(' ');
    appendToken(sb, e.backend());
    sb.append(" \"");
    appendEscaped(sb, e.request() == null ? "-" : e.request(), false);
    sb.append("\" ");
    if (e.status() > 0) {
      sb.append(e.status());
    } else {
      sb.append('-');
    }
    sb.append(' ').append(e.bytesIn()).append(' ').append(e.bytesOut()).append(' ');
    appendMillis(sb, e.connectMicros());
    sb.append(' ');
    appendMillis(sb, e.totalMicros());
    sb.append(' ').append(e.retries()).append(' ');
    appendToken(sb, e.termination());
  }

  private static void appendToken(StringBuilder sb, String value) {
    if (value == null || value.isEmpty()) {
      sb.append('-');
    } else {
      appendEscaped(sb, value, true);
    }
  }

  private static void appendMillis(StringBuilder sb, long micros) {
    if (micros < 0) {
      sb.append('-');
      return;
    }
    sb.append(micros / 1000).append('.');
    long frac = micros % 1000;
    if (frac < 100) {
      sb.append('0');
    }
    if (frac < 10) {
      sb.append('0');
    }
    sb.append(frac);
  }

  /** Escapes what could break a line or a field: quotes, backslashes, controls, and spaces too. */
  private static void appendEscaped(StringBuilder sb, String s, boolean spaces) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || (spaces && c == ' ')) {
        sb.append("\\x")
            .append(Character.forDigit(c >> 4, 16))
            .append(Character.forDigit(c & 15, 16));
      } else {
        sb.append(c);
      }
    }
  }
}
