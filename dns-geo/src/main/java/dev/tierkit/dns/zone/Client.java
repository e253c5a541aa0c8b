package dev.tierkit.dns.zone;

import java.net.InetAddress;

/**
 * Who asks, as far as location-dependent answers care: the EDNS Client Subnet address when the
 * query carried one with a source prefix above 0 (RFC 7871 section 7.1.2), else the packet's source
 * address with its full length.
 *
 * @param address the client network's address (host bits beyond {@code sourcePrefix} are zero for
 *     an ECS address)
 * @param sourcePrefix how many leading bits of {@code address} are meaningful
 * @param fromEcs whether the location came from an ECS option (then the reply carries a scope)
 */
public record Client(InetAddress address, int sourcePrefix, boolean fromEcs) {
  public Client {
    int max = address.getAddress().length * 8;
    if (sourcePrefix < 0 || sourcePrefix > max) {
      throw new IllegalArgumentException("sourcePrefix " + sourcePrefix + " outside 0.." + max);
    }
  }

  /** A client known only by the packet's source address. */
  public static Client of(InetAddress address) {
    return new Client(address, address.getAddress().length * 8, false);
  }
}
