package dev.tierkit.mq.store;

/**
 * A persistent message that survived a restart, as one queue holds it: everything a queue needs to
 * index and route it, without the body (read it with {@link MessageStore#read} when delivering).
 * The same {@link StoredMessage} appears once per queue that still holds it.
 *
 * @param properties the basic properties in wire encoding; shared between messages with identical
 *     properties, so never modify it
 */
// An array on purpose: properties stay in wire encoding, shared, never copied per message.
@SuppressWarnings("ArrayRecordComponent")
public record RecoveredMessage(
    int queueId,
    StoredMessage message,
    String exchange,
    String routingKey,
    byte[] properties,
    int bodySize) {}
