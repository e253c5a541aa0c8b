package dev.tierkit.mq;

import dev.tierkit.common.cli.DaemonDefaults;

/** mq-broker listens on AMQP's port, 5672, with its admin endpoint on 9672. */
public final class MqDefaults extends DaemonDefaults {
  /** AMQP 0-9-1's port. */
  public static final int PORT = 5672;

  /** The admin endpoint's port. */
  public static final int ADMIN_PORT = 9672;

  public MqDefaults() {
    super(PORT, ADMIN_PORT);
  }
}
