/**
 * mq-broker: a durable AMQP 0-9-1 broker. {@code protocol} is the frame and method codec, {@code
 * broker} the model (virtual hosts, exchanges, queues, consumers, dead-lettering), {@code store}
 * the message log and definitions on disk, {@code server} the connection and channel state machines
 * over Netty.
 */
package dev.tierkit.mq;
