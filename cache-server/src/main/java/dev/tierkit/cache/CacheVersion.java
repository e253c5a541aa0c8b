package dev.tierkit.cache;

import dev.tierkit.cache.protocol.ServerInfo;
import picocli.CommandLine;

/** {@code cache-server --version}: tierkit's version and the memcached version it reports. */
public final class CacheVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = CacheVersion.class.getPackage().getImplementationVersion();
    return new String[] {
      "tierkit cache-server " + (version == null ? "(development build)" : version),
      "memcached protocol: reports version " + ServerInfo.DEFAULT_VERSION
    };
  }
}
