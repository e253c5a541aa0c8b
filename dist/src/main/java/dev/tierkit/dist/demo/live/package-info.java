/**
 * What the running demo observes: each daemon's {@code /metrics} read as numbers, the traffic its
 * simulated users send, and the figures derived from both.
 */
package dev.tierkit.dist.demo.live;
