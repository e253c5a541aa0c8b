/**
 * The L4 relay: a TCP frontend that picks a backend per connection, relays bytes both ways with
 * backpressure and half-close, and speaks the PROXY protocol (v1/v2 accepted from trusted fronts,
 * v2 sent to backends).
 */
package dev.tierkit.lb.tcp;
