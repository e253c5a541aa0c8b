package dev.tierkit.dns.wire;

import dev.tierkit.dns.zone.Client;
import java.net.InetAddress;

/**
 * An EDNS Client Subnet option as a query sent it (RFC 7871 section 6), already validated: the
 * family is 1 (IPv4) or 2 (IPv6), the source prefix fits the family, the address had exactly {@code
 * ceil(sourcePrefix / 8)} octets with no bits set beyond the prefix, and the scope was 0.
 *
 * @param family 1 for IPv4, 2 for IPv6 (IANA address family numbers)
 * @param sourcePrefix how many leading bits of {@code address} the resolver disclosed
 * @param scopePrefix always 0 in a valid query; kept for symmetry with the reply
 * @param address the sent octets padded with zeros to 4 or 16 bytes ({@code Inet6Address} for
 *     family 2 even for IPv4-mapped addresses)
 */
public record ClientSubnet(int family, int sourcePrefix, int scopePrefix, InetAddress address) {
  /** IANA address family number for IPv4. */
  public static final int FAMILY_IPV4 = 1;

  /** IANA address family number for IPv6. */
  public static final int FAMILY_IPV6 = 2;

  /** The widest prefix the family allows: 32 or 128. */
  public int maxPrefix() {
    return maxPrefix(family);
  }

  /** How many address octets the option carries on the wire: {@code ceil(sourcePrefix / 8)}. */
  public int addressOctets() {
    return (sourcePrefix + 7) >>> 3;
  }

  /**
   * The client network this option names, or null when the source prefix is 0: the resolver then
   * asked for an answer that does not depend on its clients (RFC 7871 section 7.1.2).
   */
  public Client client() {
    return sourcePrefix == 0 ? null : new Client(address, sourcePrefix, true);
  }

  static int maxPrefix(int family) {
    return family == FAMILY_IPV4 ? 32 : 128;
  }
}
