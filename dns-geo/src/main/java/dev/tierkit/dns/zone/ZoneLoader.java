package dev.tierkit.dns.zone;

import dev.tierkit.common.config.ConfigException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Reads one zone from an RFC 1035 master file with dnsjava's {@link Master} ($ORIGIN, $TTL,
 * $INCLUDE, $GENERATE, relative names, parentheses, escapes and RFC 3597 {@code \# len hex} RDATA
 * all come from there) and checks that it is a zone that can be served.
 *
 * <p>Every mistake in the file becomes a {@link ConfigException} with one line: {@code FILE:LINE:
 * problem} for syntax errors (as dnsjava reports them; an error inside an $INCLUDEd file names that
 * file), {@code FILE: OWNER: problem} for a zone that parses but cannot be served: no SOA or more
 * than one, an SOA or missing NS at the origin, an owner outside the origin, a class other than IN,
 * CNAME beside other data (RFC 2181 section 10.1; RRSIG and NSEC may accompany a CNAME, RFC 4035
 * section 2.5) or two CNAMEs at one name.
 *
 * <p>Speed: dnsjava parses on a thread of its own ({@link RecordStream}) while this thread indexes
 * the records. A million records (measured with the test-scoped {@code LargeZoneGenerator}) load
 * and compile in 4 to 5 seconds once the JIT has warmed up and about 8 in a fresh JVM, on two busy
 * cores; the garbage collector takes about 40% of the CPU time, so fewer objects per record is
 * where more speed lies. Memory: about 420 bytes a record once compiled into a {@link ZoneSet}.
 */
public final class ZoneLoader {
  private ZoneLoader() {}

  /**
   * Loads and validates the zone in {@code file}.
   *
   * @param origin the zone's name; {@code null} takes it from the SOA record's owner (the file then
   *     needs $ORIGIN or absolute names)
   * @param defaultTtl the TTL of records that give none before the first $TTL; -1 for none (then
   *     such records are an error, except an SOA, which takes its MINIMUM)
   * @throws ConfigException for any problem with the file, naming file and line or owner
   */
  public static Zone load(Path file, Name origin, long defaultTtl) {
    String source = file.toString();
    if (origin != null && !origin.isAbsolute()) {
      throw new IllegalArgumentException("origin " + origin + " is not absolute");
    }
    Map<Name, Object> byName = new HashMap<>(initialCapacity(file));
    int count = 0;
    WireRecord soa = null;
    try (RecordStream records = new RecordStream(new Master(source, origin, defaultTtl), source)) {
      WireRecord record;
      while ((record = records.next()) != null) {
        Name owner = record.owner();
        if (record.dclass() != DClass.IN) {
          throw semantic(
              source, owner, "class " + DClass.string(record.dclass()) + " (only IN is served)");
        }
        if (origin != null && !owner.subdomain(origin)) {
          throw semantic(source, owner, "outside the zone " + origin);
        }
        if (record.type() == Type.SOA) {
          if (soa != null) {
            throw semantic(
                source, owner, "second SOA record (the first is at " + soa.owner() + ")");
          }
          soa = record;
        }
        Zone.add(byName, owner, record);
        count++;
      }
    } catch (FileNotFoundException e) {
      throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
    } catch (TextParseException e) {
      throw new ConfigException(withPath(source, file, e.getMessage()), e);
    } catch (IOException e) {
      throw new ConfigException(source + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      // dnsjava's RelativeNameException, InvalidTypeException, InvalidTTLException, ...
      String hint = origin == null ? " (no origin given: use $ORIGIN or absolute names)" : "";
      throw new ConfigException(source + ": " + e.getMessage() + hint, e);
    }
    if (soa == null) {
      throw new ConfigException(source + ": no SOA record");
    }
    Name apex = origin == null ? soa.owner() : origin;
    if (!soa.owner().equals(apex)) {
      throw semantic(source, soa.owner(), "SOA is not at the origin " + apex);
    }
    boolean checkOwners = origin == null; // else checked while parsing
    byName.forEach(
        (owner, records) -> {
          if (checkOwners && !owner.subdomain(apex)) {
            throw semantic(source, owner, "outside the zone " + apex);
          }
          if (records instanceof WireRecord[] several) {
            checkCnameAlone(source, owner, several);
          }
        });
    long negativeTtl = Math.min(soa.ttl(), soaMinimum(soa));
    Zone zone = new Zone(source, apex, soa, negativeTtl, byName, count);
    if (zone.records(apex).stream().noneMatch(r -> r.type() == Type.NS)) {
      throw semantic(source, apex, "no NS record at the origin");
    }
    return zone;
  }

  /** The SOA's MINIMUM field: the last four bytes of its RDATA (RFC 1035 section 3.3.13). */
  private static long soaMinimum(WireRecord soa) {
    byte[] rdata = soa.rdata();
    return ByteBuffer.wrap(rdata, rdata.length - 4, 4).getInt() & 0xFFFFFFFFL;
  }

  private static void checkCnameAlone(String source, Name owner, WireRecord[] records) {
    int cnames = 0;
    int others = 0;
    for (WireRecord r : records) {
      if (r.type() == Type.CNAME) {
        cnames++;
      } else if (!mayAccompanyCname(r.type())) {
        others++;
      }
    }
    if (cnames > 1) {
      throw semantic(source, owner, "more than one CNAME record");
    }
    if (cnames == 1 && others > 0) {
      throw semantic(source, owner, "CNAME and other data (RFC 2181 section 10.1)");
    }
  }

  /** DNSSEC records that live beside a CNAME (RFC 4035 section 2.5). */
  static boolean mayAccompanyCname(int type) {
    return type == Type.RRSIG || type == Type.NSEC;
  }

  private static ConfigException semantic(String source, Name owner, String problem) {
    return new ConfigException(source + ": " + owner + ": " + problem);
  }

  /**
   * dnsjava names a file by its last path element only; the top file is named the way the caller
   * gave it, so the line points at the right file when several zones share a base name.
   */
  private static String withPath(String source, Path file, String message) {
    Path base = file.getFileName();
    if (message != null && base != null && message.startsWith(base + ":")) {
      return source + message.substring(base.toString().length());
    }
    return message == null ? source + ": syntax error" : message;
  }

  private static int initialCapacity(Path file) {
    try {
      // About 25 bytes a record in a large zone; a bigger table beats rehashing a million names.
      return (int) Math.min(Files.size(file) / 16, 1 << 24);
    } catch (IOException e) {
      return 16;
    }
  }
}
