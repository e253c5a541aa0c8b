/** Benchmarks of mq-broker's hot paths: appends to the message store with group commit. */
package dev.tierkit.bench.mq;
