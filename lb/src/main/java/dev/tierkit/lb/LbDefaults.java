package dev.tierkit.lb;

import dev.tierkit.common.cli.DaemonDefaults;

/** lb listens on 8080, with its admin endpoint on 9080. */
public final class LbDefaults extends DaemonDefaults {
  /** The frontend port when flags describe the frontend. */
  public static final int PORT = 8080;

  /** The admin endpoint's port. */
  public static final int ADMIN_PORT = 9080;

  public LbDefaults() {
    super(PORT, ADMIN_PORT);
  }
}
