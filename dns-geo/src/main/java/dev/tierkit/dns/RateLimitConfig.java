package dev.tierkit.dns;

/**
 * Response rate limiting (RRL, as in BIND, Knot and NSD): each client network (IPv4 /{@code
 * ipv4Prefix}, IPv6 /{@code ipv6Prefix}) may receive {@code responsesPerSecond} responses a second,
 * with a burst of one second's worth. Over the limit, every {@code slip}-th response goes out
 * truncated (TC=1, so a real resolver retries over TCP, which is never limited) and the rest are
 * dropped; {@code slip} 0 drops them all. Off unless {@code --rrl-rate} is given.
 */
public record RateLimitConfig(
    int responsesPerSecond, int slip, int ipv4Prefix, int ipv6Prefix, int tableSize) {
  public RateLimitConfig {
    if (responsesPerSecond < 1) {
      throw new IllegalArgumentException(
          "--rrl-rate must be at least 1, got " + responsesPerSecond);
    }
    if (slip < 0 || slip > 100) {
      throw new IllegalArgumentException("--rrl-slip must be between 0 and 100, got " + slip);
    }
    if (ipv4Prefix < 8 || ipv4Prefix > 32) {
      throw new IllegalArgumentException("--rrl-ipv4-prefix must be 8..32, got " + ipv4Prefix);
    }
    if (ipv6Prefix < 16 || ipv6Prefix > 128) {
      throw new IllegalArgumentException("--rrl-ipv6-prefix must be 16..128, got " + ipv6Prefix);
    }
    if (Integer.bitCount(tableSize) != 1 || tableSize < 1024) {
      throw new IllegalArgumentException(
          "--rrl-table-size must be a power of two of at least 1024, got " + tableSize);
    }
  }
}
