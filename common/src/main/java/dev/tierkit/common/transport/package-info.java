/**
 * Which Netty transport a daemon runs on (io_uring, epoll or NIO), chosen once at start and used
 * for every channel it opens, so that accepted and outbound channels can share one event loop.
 */
package dev.tierkit.common.transport;
