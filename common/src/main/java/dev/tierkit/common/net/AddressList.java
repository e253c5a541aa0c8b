package dev.tierkit.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of networks written as CIDRs ({@code 192.0.2.0/24}, {@code 2001:db8::/32}, or a bare
 * address for one host), for access rules such as {@code --allow-transfer}. Linear in the list;
 * meant for a handful of entries checked once per connection-level request, not per query.
 */
public final class AddressList {
  private final List<byte[]> networks;
  private final int[] prefixes;

  private AddressList(List<byte[]> networks, int[] prefixes) {
    this.networks = networks;
    this.prefixes = prefixes;
  }

  /**
   * Parses CIDRs.
   *
   * @throws IllegalArgumentException naming the entry that is not a network
   */
  public static AddressList parse(String option, List<String> cidrs) {
    List<byte[]> networks = new ArrayList<>();
    int[] prefixes = new int[cidrs.size()];
    for (int i = 0; i < cidrs.size(); i++) {
      String cidr = cidrs.get(i).trim();
      int slash = cidr.indexOf('/');
      String host = slash < 0 ? cidr : cidr.substring(0, slash);
      if (host.isEmpty() || !(host.indexOf(':') >= 0 || Character.isDigit(host.charAt(0)))) {
        throw new IllegalArgumentException(option + ": '" + cidr + "' is not an address or CIDR");
      }
      byte[] address;
      try {
        address = InetAddress.getByName(host).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(option + ": '" + cidr + "' is not an address", e);
      }
      int prefix;
      try {
        prefix = slash < 0 ? address.length * 8 : Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + ": bad prefix length in '" + cidr + "'", e);
      }
      if (prefix < 0 || prefix > address.length * 8) {
        throw new IllegalArgumentException(
            option + ": prefix length out of range in '" + cidr + "'");
      }
      networks.add(address);
      prefixes[i] = prefix;
    }
    return new AddressList(List.copyOf(networks), prefixes);
  }

  /** Whether {@code address} lies in one of the networks. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    for (int i = 0; i < prefixes.length; i++) {
      byte[] n = networks.get(i);
      if (n.length == a.length && matches(n, a, prefixes[i])) {
        return true;
      }
    }
    return false;
  }

  /** Whether the list is empty (nothing is allowed). */
  public boolean isEmpty() {
    return prefixes.length == 0;
  }

  private static boolean matches(byte[] network, byte[] address, int prefix) {
    int full = prefix >>> 3;
    for (int i = 0; i < full; i++) {
      if (network[i] != address[i]) {
        return false;
      }
    }
    int rest = prefix & 7;
    if (rest == 0) {
      return true;
    }
    int mask = (0xFF << (8 - rest)) & 0xFF;
    return (network[full] & mask) == (address[full] & mask);
  }
}
