package dev.tierkit.dist;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code tierkit --version}: tierkit's version, then the Netty and Java it runs on. */
public final class VersionInfo implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties build = new Properties();
    try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        build.load(in);
      }
    }
    String netty =
        io.netty.util.Version.identify().values().stream()
            .filter(v -> v.artifactId().equals("netty-common"))
            .map(io.netty.util.Version::artifactVersion)
            .findFirst()
            .orElse("unknown");
    return new String[] {
      "tierkit " + build.getProperty("version", "unknown"),
      "Netty " + netty,
      "Java "
          + System.getProperty("java.runtime.version")
          + " ("
          + System.getProperty("java.vendor")
          + ")"
    };
  }
}
