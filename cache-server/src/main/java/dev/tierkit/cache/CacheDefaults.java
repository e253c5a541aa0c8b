package dev.tierkit.cache;

import dev.tierkit.common.cli.DaemonDefaults;

/** cache-server listens on memcached's port, 11211, with its admin endpoint on 9211. */
public final class CacheDefaults extends DaemonDefaults {
  /** memcached's port. */
  public static final int PORT = 11211;

  /** The admin endpoint's port. */
  public static final int ADMIN_PORT = 9211;

  public CacheDefaults() {
    super(PORT, ADMIN_PORT);
  }
}
