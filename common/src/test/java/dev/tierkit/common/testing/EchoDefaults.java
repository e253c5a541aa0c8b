package dev.tierkit.common.testing;

import dev.tierkit.common.cli.DaemonDefaults;

/** Defaults of the test echo daemon: any free port for both listeners. */
public final class EchoDefaults extends DaemonDefaults {
  public EchoDefaults() {
    super(0, 0);
  }
}
