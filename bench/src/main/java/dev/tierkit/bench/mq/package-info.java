/**
 * Benchmarks of mq-broker's hot paths: frame decoding and encoding, topic matching over many
 * bindings, and message-store appends with group commit.
 */
package dev.tierkit.bench.mq;
