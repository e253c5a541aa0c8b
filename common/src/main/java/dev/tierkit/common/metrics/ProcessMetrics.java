package dev.tierkit.common.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.OperatingSystemMXBean;

/**
 * The standard process metrics Prometheus users expect from any exporter: CPU seconds (the figure
 * that compares a daemon's cost per request with its peer's), start time, and JVM memory in use.
 */
public final class ProcessMetrics {
  private ProcessMetrics() {}

  /** Registers the process metrics in {@code registry}. */
  public static void register(MetricRegistry registry) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sunOs) {
      registry.counterFunction(
          "process_cpu_seconds_total",
          "Total user and system CPU time spent by the process, in seconds.",
          () -> sunOs.getProcessCpuTime() / 1e9);
    }
    double startSeconds = ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0;
    registry.gauge(
        "process_start_time_seconds",
        "Start time of the process since the Unix epoch, in seconds.",
        () -> startSeconds);
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    registry.gauge(
        "jvm_memory_used_bytes",
        "JVM memory in use.",
        () -> memory.getHeapMemoryUsage().getUsed(),
        "area",
        "heap");
    registry.gauge(
        "jvm_memory_used_bytes",
        "JVM memory in use.",
        () -> memory.getNonHeapMemoryUsage().getUsed(),
        "area",
        "nonheap");
  }
}
