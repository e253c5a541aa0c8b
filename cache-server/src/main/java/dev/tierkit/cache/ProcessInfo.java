package dev.tierkit.cache;

import dev.tierkit.cache.protocol.ServerInfo;
import dev.tierkit.common.runtime.DaemonRuntime;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The process figures {@code stats} reports: pid, start time, CPU split into user and system time
 * (from {@code /proc/self/stat} on Linux, all counted as user time elsewhere), threads and
 * connections.
 */
final class ProcessInfo implements ServerInfo {
  /**
   * Clock ticks per second of {@code /proc/self/stat} ({@code USER_HZ}, 100 on every Linux ABI).
   */
  private static final double USER_HZ = 100.0;

  private static final Path PROC_STAT = Path.of("/proc/self/stat");

  private final long startedAt;
  private final DaemonRuntime runtime;
  private final Map<String, String> settings;

  ProcessInfo(long startedAt, DaemonRuntime runtime, Map<String, String> settings) {
    this.startedAt = startedAt;
    this.runtime = runtime;
    this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  @Override
  public long pid() {
    return ProcessHandle.current().pid();
  }

  @Override
  public long startedAtSeconds() {
    return startedAt;
  }

  @Override
  public double cpuUserSeconds() {
    long[] ticks = procTicks();
    return ticks != null ? ticks[0] / USER_HZ : totalCpuSeconds();
  }

  @Override
  public double cpuSystemSeconds() {
    long[] ticks = procTicks();
    return ticks != null ? ticks[1] / USER_HZ : 0;
  }

  private static double totalCpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return 0;
  }

  /** utime and stime in clock ticks, or null where /proc is not there. */
  private static long[] procTicks() {
    try {
      String stat = Files.readString(PROC_STAT);
      // Fields after the parenthesised command name, which may itself hold spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public int threads() {
    return runtime.config().threads();
  }

  @Override
  public int maxConnections() {
    return runtime.config().maxConnections();
  }

  @Override
  public long currentConnections() {
    return runtime.openConnections();
  }

  @Override
  public long totalConnections() {
    return runtime.acceptedConnections();
  }

  @Override
  public long rejectedConnections() {
    return runtime.rejectedConnections();
  }

  @Override
  public Map<String, String> settings() {
    return settings;
  }
}
