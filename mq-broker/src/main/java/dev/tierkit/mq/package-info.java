/**
 * mq-broker: a durable AMQP 0-9-1 broker that RabbitMQ's own clients work against. So far only the
 * wire protocol exists ({@link dev.tierkit.mq.protocol}); the command, server and message store
 * come next.
 */
package dev.tierkit.mq;
