package dev.tierkit.lb;

import picocli.CommandLine;

/** {@code lb --version}: tierkit's version and the Netty it runs on. */
public final class LbVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = LbVersion.class.getPackage().getImplementationVersion();
    String netty = io.netty.channel.Channel.class.getPackage().getImplementationVersion();
    return new String[] {
      "tierkit lb " + (version == null ? "(development build)" : version),
      "netty " + (netty == null ? "(unknown version)" : netty)
    };
  }
}
