/**
 * The broker's model, free of Netty: virtual hosts ({@link dev.tierkit.mq.broker.VirtualHost}) with
 * their exchanges and queues ({@link dev.tierkit.mq.broker.MessageQueue}: consumers, TTL, length
 * limits, dead-lettering, paging to the store, publisher flow), the core that recovers them from
 * the stores ({@link dev.tierkit.mq.broker.Broker}), exchange routing tables ({@link
 * dev.tierkit.mq.broker.RoutingTable}, with the topic trie {@link
 * dev.tierkit.mq.broker.TopicMatcher} and {@link dev.tierkit.mq.broker.HeadersPattern}), queue
 * arguments ({@link dev.tierkit.mq.broker.QueueArguments}), per-message expiration and RabbitMQ's
 * redeclaration checks ({@link dev.tierkit.mq.broker.Equivalence}). Refusals are {@link
 * dev.tierkit.mq.broker.ArgumentException}s carrying the reply code and RabbitMQ 3.10's exact reply
 * text; the measured texts are listed in {@code src/test/resources/rabbitmq-reply-texts.md}.
 */
package dev.tierkit.mq.broker;
