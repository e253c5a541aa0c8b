/**
 * The daemon runtime: event loop groups on the chosen transport, listeners bound through it, the
 * connection limit, in-flight request tracking and graceful shutdown.
 */
package dev.tierkit.common.runtime;
