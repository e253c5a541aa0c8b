package dev.tierkit.dist.demo.app;

import dev.tierkit.dist.demo.HostPort;
import picocli.CommandLine.Option;

/**
 * The options {@code demo-web} and {@code demo-worker} share: where cache-server and mq-broker are,
 * and the AMQP credentials. A picocli mixin.
 */
public final class SharedServiceOptions {
  @Option(
      names = "--cache",
      required = true,
      converter = HostPort.Converter.class,
      description = "cache-server HOST:PORT.")
  HostPort cache;

  @Option(
      names = "--amqp",
      required = true,
      converter = HostPort.Converter.class,
      description = "mq-broker HOST:PORT.")
  HostPort amqp;

  @Option(names = "--amqp-user", defaultValue = "guest", description = "AMQP user.")
  String amqpUser;

  @Option(names = "--amqp-password", defaultValue = "guest", description = "AMQP password.")
  String amqpPassword;

  /** Where cache-server is. */
  HostPort cache() {
    return cache;
  }

  /** Where mq-broker is, and how to log in. */
  AmqpSettings amqp() {
    return new AmqpSettings(amqp, amqpUser, amqpPassword);
  }
}
