/** Benchmarks of mq-broker's hot paths: routing a message through an exchange's bindings. */
package dev.tierkit.bench.mq;
