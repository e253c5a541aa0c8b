package dev.tierkit.cdn;

import picocli.CommandLine;

/** {@code cdn-edge --version}. */
public final class CdnVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = CdnVersion.class.getPackage().getImplementationVersion();
    return new String[] {"tierkit cdn-edge " + (version == null ? "(development build)" : version)};
  }
}
