package dev.tierkit.dns;

import picocli.CommandLine;

/** {@code dns-geo --version}: tierkit's version and the dnsjava version its zone parser is. */
public final class DnsVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = DnsVersion.class.getPackage().getImplementationVersion();
    String dnsjava = org.xbill.DNS.Name.class.getPackage().getImplementationVersion();
    return new String[] {
      "tierkit dns-geo " + (version == null ? "(development build)" : version),
      "zone files parsed by dnsjava " + (dnsjava == null ? "(unknown version)" : dnsjava)
    };
  }
}
