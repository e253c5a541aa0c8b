/**
 * The broker's durable state on disk, in bytes only (no Netty channels, no AMQP model): {@link
 * dev.tierkit.mq.store.MessageStore}, the segmented, CRC-checked, group-committed message log that
 * durable queues keep their persistent messages in (and that queues larger than memory page
 * transient bodies into), and {@link dev.tierkit.mq.store.DefinitionStore}, the log of durable
 * exchanges, queues and bindings. The broker integrates both and hops from their writer threads
 * back to its event loops.
 */
package dev.tierkit.mq.store;
