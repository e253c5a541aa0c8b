package dev.tierkit.dist.demo;

import dev.tierkit.dist.TierkitCommand;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * How a child JVM of the demo is started: the same {@code java} as this process, the same jar, and
 * options that suit ten small JVMs on a laptop (serial GC, C1 only, which starts faster and uses
 * less memory than the defaults; Netty's leak detector off, as {@code ./tierkit} runs daemons).
 */
public record ChildJvm(String java, String classPath, List<String> options) {
  /** Options every child gets before its heap size. */
  public static final List<String> DEFAULT_OPTIONS =
      List.of(
          "-XX:+UseSerialGC",
          "-XX:TieredStopAtLevel=1",
          "-XX:-UsePerfData",
          "-Xss512k",
          "-Dio.netty.leakDetection.level=disabled");

  /** Copies the options. */
  public ChildJvm {
    options = List.copyOf(options);
  }

  /**
   * This process's {@code java} and the jar {@link TierkitCommand} was loaded from; when it was
   * loaded from a directory (tests, an IDE), this process's class path instead, since a classes
   * directory alone lacks the dependencies.
   */
  public static ChildJvm current() {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    Path source;
    try {
      source =
          Paths.get(
              TierkitCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      source = null;
    }
    String classPath =
        source != null && Files.isRegularFile(source)
            ? source.toString()
            : System.getProperty("java.class.path");
    return new ChildJvm(java, classPath, DEFAULT_OPTIONS);
  }

  /** The command line that runs {@code program}. */
  public List<String> command(Program program) {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(options);
    command.add("-Xmx" + program.heap());
    command.add("-cp");
    command.add(classPath);
    command.add(program.mainClass());
    command.addAll(program.args());
    return command;
  }
}
