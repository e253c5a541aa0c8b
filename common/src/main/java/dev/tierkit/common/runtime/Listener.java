package dev.tierkit.common.runtime;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * A bound listening socket.
 *
 * @param name what it serves, for logs ({@code memcached}, {@code admin}, {@code dns})
 * @param protocol {@code tcp} or {@code udp}
 * @param address the address actually bound: with port 0, the port the kernel picked
 * @param channel the server or datagram channel
 */
public record Listener(String name, String protocol, InetSocketAddress address, Channel channel) {
  /** The bound port. */
  public int port() {
    return address.getPort();
  }

  @Override
  public String toString() {
    return name + " on " + protocol + " " + address.getHostString() + ":" + address.getPort();
  }
}
