package dev.tierkit.dist.demo;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One child process of the demo: its name (log prefix, log file, {@code kill(name)}), the start
 * stage it belongs to (lower stages start first and stop last), its heap, its main class and
 * arguments, and the URL that answers 200 once it is ready ({@code readyUrl} empty: ready as soon
 * as it runs, for processes without a port).
 */
public record Program(
    String name,
    int stage,
    String heap,
    String mainClass,
    List<String> args,
    Optional<URI> readyUrl) {
  /** Copies the arguments. */
  public Program {
    args = List.copyOf(args);
  }
}
