package dev.tierkit.mq.broker;

/** What an exchange binding points at: a queue, or another exchange (RabbitMQ's e2e bindings). */
public sealed interface BindingDestination permits MessageQueue, Exchange {
  /** The destination's name within its virtual host. */
  String name();

  /** True for durable queues and exchanges, whose bindings from durable exchanges persist. */
  boolean durable();
}
