/**
 * The life of a daemon process, the same for every daemon: start the runtime and admin endpoint,
 * start the daemon, report ready, wait for a signal, drain, close.
 */
package dev.tierkit.common.launch;
