/**
 * The runtime every tierkit daemon stands on: transport selection, a daemon runtime with graceful
 * shutdown, the admin HTTP endpoint, metrics, the common command-line options and config loading.
 *
 * <p>{@code common} never imports a daemon; a daemon depends on {@code common} and nothing else of
 * tierkit.
 */
package dev.tierkit.common;
