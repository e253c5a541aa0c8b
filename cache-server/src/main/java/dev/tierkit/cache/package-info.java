/**
 * The memcached-protocol cache daemon: command, configuration and server. The protocol lives in
 * {@code protocol}, the memory-bounded store in {@code store}.
 */
package dev.tierkit.cache;
