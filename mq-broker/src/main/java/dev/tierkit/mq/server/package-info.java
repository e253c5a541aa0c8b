/**
 * The AMQP 0-9-1 server over Netty: the pipeline, the connection state machine (handshake,
 * authentication, tuning, heartbeats, closing), channels with their consumers, unacked deliveries,
 * confirms and transactions, and the resource alarm.
 */
package dev.tierkit.mq.server;
