package dev.tierkit.dns.server;

import dev.tierkit.dns.RateLimitConfig;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Response rate limiting over a fixed table of per-network counters.
 *
 * <p>Design: the client's network (the address cut to /{@code ipv4Prefix} or /{@code ipv6Prefix})
 * is hashed to one slot of a power-of-two {@link AtomicLongArray}; a slot packs the current second
 * (high 32 bits) and the responses sent to that slot in it (low 32 bits), updated with one CAS. A
 * new second resets the count. Networks that collide share a budget, so the table size bounds
 * memory whatever the number of clients (a spoofed flood from many networks cannot grow it), at the
 * price of occasional shared limits; size it well above the number of busy client networks. O(1)
 * per query, no allocation, no lock. Only UDP is limited: TCP proves the source address.
 */
final class RateLimiter {
  /** What to do with a response. */
  enum Verdict {
    SEND,
    TRUNCATE,
    DROP
  }

  private final RateLimitConfig config;
  private final AtomicLongArray slots;
  private final int mask;
  private final LongSupplier epochSeconds;

  RateLimiter(RateLimitConfig config, LongSupplier epochSeconds) {
    this.config = config;
    this.slots = new AtomicLongArray(config.tableSize());
    this.mask = config.tableSize() - 1;
    this.epochSeconds = epochSeconds;
  }

  Verdict check(InetAddress client) {
    int slot = hash(client) & mask;
    long now = epochSeconds.getAsLong() & 0xFFFF_FFFFL;
    while (true) {
      long current = slots.get(slot);
      long count = (current >>> 32) == now ? (current & 0xFFFF_FFFFL) + 1 : 1;
      long next = (now << 32) | Math.min(count, 0xFFFF_FFFFL);
      if (slots.compareAndSet(slot, current, next)) {
        if (count <= config.responsesPerSecond()) {
          return Verdict.SEND;
        }
        long over = count - config.responsesPerSecond();
        return config.slip() > 0 && over % config.slip() == 0 ? Verdict.TRUNCATE : Verdict.DROP;
      }
    }
  }

  private int hash(InetAddress client) {
    byte[] a = client.getAddress();
    int prefix = a.length == 4 ? config.ipv4Prefix() : config.ipv6Prefix();
    int h = a.length;
    for (int i = 0; i * 8 < prefix; i++) {
      int bits = Math.min(8, prefix - i * 8);
      int b = a[i] & (0xFF << (8 - bits)) & 0xFF;
      h = h * 31 + b;
    }
    h ^= h >>> 16;
    h *= 0x85EB_CA6B;
    h ^= h >>> 13;
    return h;
  }
}
