/**
 * The AMQP 0-9-1 wire protocol with RabbitMQ's errata: protocol header, frames, method arguments,
 * content headers with the basic properties, and field tables. {@link AmqpFrameDecoder} turns bytes
 * into typed messages ({@link ProtocolHeader}, {@link MethodFrame}, {@link ContentHeaderFrame},
 * {@link ContentBodyFrame}, {@link HeartbeatFrame}) and malformed input into one {@link
 * DecodeError} carrying the AMQP reply code; {@link AmqpFrameEncoder} writes the same messages.
 * Nothing here knows about channels' state, exchanges or queues.
 */
package dev.tierkit.mq.protocol;
