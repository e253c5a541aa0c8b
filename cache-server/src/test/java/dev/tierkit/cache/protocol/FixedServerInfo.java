package dev.tierkit.cache.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/** Process figures fixed for tests. */
final class FixedServerInfo implements ServerInfo {
  @Override
  public long pid() {
    return 4242;
  }

  @Override
  public long startedAtSeconds() {
    return MemcacheConnection.START - 100;
  }

  @Override
  public double cpuUserSeconds() {
    return 0.25;
  }

  @Override
  public double cpuSystemSeconds() {
    return 0.125;
  }

  @Override
  public int threads() {
    return 2;
  }

  @Override
  public int maxConnections() {
    return 1024;
  }

  @Override
  public long currentConnections() {
    return 3;
  }

  @Override
  public long totalConnections() {
    return 7;
  }

  @Override
  public long rejectedConnections() {
    return 0;
  }

  @Override
  public Map<String, String> settings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("tcpport", "11211");
    settings.put("inter", "127.0.0.1");
    return settings;
  }
}
