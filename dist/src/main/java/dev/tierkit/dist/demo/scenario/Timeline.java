package dev.tierkit.dist.demo.scenario;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What happened during the scenarios, one line an event, each stamped with the seconds since the
 * scenario began; printed as it happens and kept (the last {@value #KEPT} lines) for the status
 * page.
 */
public final class Timeline {
  static final int KEPT = 200;

  private final PrintStream out;
  private final Deque<String> lines = new ArrayDeque<>();
  private long began = System.nanoTime();

  /** A timeline printing to {@code out}. */
  public Timeline(PrintStream out) {
    this.out = out;
  }

  /** Starts the clock again, for the next scenario, and prints {@code heading}. */
  public void begin(String heading) {
    began = System.nanoTime();
    print(heading);
  }

  /** Records {@code event} at the current time. */
  public void at(String event) {
    print(String.format("  %+6.1fs  %s", seconds(System.nanoTime()), event));
  }

  /** Records {@code line} as it is, without a time. */
  public void note(String line) {
    print(line);
  }

  /** Seconds from the scenario's start to {@code nanos}. */
  public double seconds(long nanos) {
    return (nanos - began) / 1e9;
  }

  /** The lines kept so far, oldest first. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  private synchronized void print(String line) {
    out.println(line);
    lines.addLast(line);
    if (lines.size() > KEPT) {
      lines.removeFirst();
    }
  }
}
