package dev.tierkit.cdn;

import dev.tierkit.common.cli.DaemonDefaults;

/** cdn-edge serves HTTP on 8081, with its admin endpoint on 9081. */
public final class CdnDefaults extends DaemonDefaults {
  /** The edge's HTTP port. */
  public static final int PORT = 8081;

  /** The admin endpoint's port. */
  public static final int ADMIN_PORT = 9081;

  public CdnDefaults() {
    super(PORT, ADMIN_PORT);
  }
}
