package dev.tierkit.dns;

import dev.tierkit.common.cli.DaemonDefaults;

/** dns-geo answers on the DNS port, 53, with its admin endpoint on 9053. */
public final class DnsDefaults extends DaemonDefaults {
  /** The DNS port (needs root or CAP_NET_BIND_SERVICE). */
  public static final int PORT = 53;

  /** The admin endpoint's port. */
  public static final int ADMIN_PORT = 9053;

  public DnsDefaults() {
    super(PORT, ADMIN_PORT);
  }
}
