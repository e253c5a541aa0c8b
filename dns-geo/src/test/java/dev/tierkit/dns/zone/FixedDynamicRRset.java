package dev.tierkit.dns.zone;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** A dynamic RRset whose choice is a function of the client, counting how often it is asked. */
record FixedDynamicRRset(
    Name name, int type, Function<Client, Selection> chooser, AtomicInteger calls)
    implements DynamicRRset {

  FixedDynamicRRset(Name name, int type, Function<Client, Selection> chooser) {
    this(name, type, chooser, new AtomicInteger());
  }

  @Override
  public Selection select(Client client) {
    calls.incrementAndGet();
    return chooser.apply(client);
  }

  /** The same selection for everyone. */
  static FixedDynamicRRset always(String name, int type, int scope, WireRecord... records) {
    Selection selection = new Selection(List.of(records), scope);
    return new FixedDynamicRRset(TestZones.name(name), type, c -> selection);
  }

  static WireRecord a(String owner, String address) {
    try {
      byte[] bytes = InetAddress.getByName(address).getAddress();
      int type = bytes.length == 4 ? Type.A : Type.AAAA;
      return new WireRecord(TestZones.name(owner), type, DClass.IN, 60, bytes);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(address, e);
    }
  }

  static WireRecord cname(String owner, String target) {
    return new WireRecord(
        TestZones.name(owner), Type.CNAME, DClass.IN, 60, TestZones.name(target).toWire());
  }
}
