package dev.tierkit.cache.protocol;

import java.util.Map;

/**
 * Process-level figures for {@code stats} and {@code stats settings}, supplied by the server that
 * owns the listener. Called on event loops: every method must be cheap and thread-safe.
 */
public interface ServerInfo {
  /** The version the protocol reports ({@code version}, {@code stats}); 1.6-shaped for tools. */
  String DEFAULT_VERSION = "1.6.21-tierkit";

  /** The process id ({@code pid}). */
  long pid();

  /** When the server started, in Unix seconds ({@code uptime} is derived from it). */
  long startedAtSeconds();

  /** CPU seconds spent in user mode ({@code rusage_user}). */
  double cpuUserSeconds();

  /** CPU seconds spent in the kernel ({@code rusage_system}). */
  double cpuSystemSeconds();

  /** Event-loop threads serving the protocol ({@code threads}). */
  int threads();

  /** The connection limit ({@code max_connections}). */
  int maxConnections();

  /** Open client connections ({@code curr_connections}). */
  long currentConnections();

  /** Connections accepted since start ({@code total_connections}). */
  long totalConnections();

  /** Connections refused at the limit ({@code rejected_connections}). */
  long rejectedConnections();

  /**
   * Settings for {@code stats settings} beyond those the protocol layer knows (it adds {@code
   * maxbytes}, {@code item_size_max}, {@code evictions}, {@code cas_enabled}...), in output order,
   * e.g. {@code tcpport}, {@code inter}, {@code maxconns}.
   */
  Map<String, String> settings();

  /** The version string; {@link #DEFAULT_VERSION} unless overridden. */
  default String version() {
    return DEFAULT_VERSION;
  }
}
