package dev.tierkit.dist.demo.live;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A stub resolver as one client of the demo has it (a simulated user; a scenario's probe, with no
 * cache): asks dns-geo for A records over UDP from the user's own source address (which is how
 * dns-geo tells the user's network) and caches each answer for its TTL, at most {@code cacheCap},
 * as a browser or an OS cache would. Not thread-safe: one per user.
 */
public final class GeoResolver {
  private final SimpleResolver resolver;
  private final long capNanos;
  private final LongSupplier clock;
  private final Map<String, Cached> cache = new HashMap<>();

  private record Cached(InetAddress address, long expiresAt) {}

  /**
   * Asks {@code server} from {@code source}, keeping answers for their TTL but at most {@code
   * cacheCap} (zero: never) by {@code nanoClock}.
   */
  public GeoResolver(
      InetSocketAddress server, InetAddress source, Duration cacheCap, LongSupplier nanoClock) {
    this.resolver = new SimpleResolver(server);
    resolver.setLocalAddress(new InetSocketAddress(source, 0));
    resolver.setTimeout(Duration.ofMillis(800));
    this.capNanos = cacheCap.toNanos();
    this.clock = nanoClock;
  }

  /** The address of {@code name}, from the cache while its TTL lasts, else from dns-geo. */
  public InetAddress resolve(String name) throws IOException {
    long now = clock.getAsLong();
    Cached cached = cache.get(name);
    if (cached != null && now - cached.expiresAt() < 0) {
      return cached.address();
    }
    Message response =
        resolver.send(Message.newQuery(Record.newRecord(name(name), Type.A, DClass.IN)));
    if (response.getRcode() != Rcode.NOERROR) {
      throw new IOException(name + ": " + Rcode.string(response.getRcode()));
    }
    for (Record r : response.getSection(Section.ANSWER)) {
      if (r instanceof ARecord a) {
        long ttl = Math.min(Duration.ofSeconds(a.getTTL()).toNanos(), capNanos);
        cache.put(name, new Cached(a.getAddress(), now + ttl));
        return a.getAddress();
      }
    }
    throw new IOException(name + ": no A record in the answer");
  }

  /** Forgets every cached answer. */
  void clear() {
    cache.clear();
  }

  private static Name name(String name) throws TextParseException {
    return Name.fromString(name.endsWith(".") ? name : name + ".");
  }
}
