package dev.tierkit.dns.zone;

import java.util.List;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Renders answer sections as master-file lines, so tests read like the zone they query. */
final class Sections {
  private Sections() {}

  static List<String> lines(List<WireRecord> records) {
    return records.stream().map(Sections::line).toList();
  }

  static String line(WireRecord r) {
    Record record = Record.newRecord(r.owner(), r.type(), r.dclass(), r.ttl(), r.rdata());
    return r.owner() + " " + r.ttl() + " " + Type.string(r.type()) + " " + record.rdataToString();
  }
}
