package dev.tierkit.dns.wire;

import io.netty.buffer.ByteBuf;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.xbill.DNS.DNSInput;
import org.xbill.DNS.Name;
import org.xbill.DNS.WireParseException;

/**
 * Turns one DNS message (a UDP datagram or a TCP frame without its length prefix) into a {@link
 * ParsedQuery}. Never throws and never reads outside {@code [readerIndex, writerIndex)}; the
 * buffer's indexes are left unchanged and the caller keeps ownership of it.
 *
 * <p>Checks, in this order (the first that fails decides):
 *
 * <ol>
 *   <li>shorter than the 12-byte header, or QR set (a response): DROP;
 *   <li>opcode other than QUERY: NOTIMP, with whatever else parsed;
 *   <li>QDCOUNT other than 1 (RFC 9619), a question name with a label over 63 octets, over 255
 *       octets in all, an 0x40/0x80 label type or a compression pointer (nothing precedes it), or a
 *       truncated question: FORMERR;
 *   <li>every record of the three other sections is walked: names may use compression pointers,
 *       each of which must point below the start of the run of labels it ends (so strictly
 *       backwards, never into the header, and never in a loop), with at most {@value #MAX_POINTERS}
 *       pointers per name; a record that runs past the end (counts that lie) is FORMERR. Bytes
 *       after the last counted record are ignored;
 *   <li>OPT (RFC 6891) in the additional section: a second OPT, an owner other than the root label,
 *       or an option overrunning the RDATA is FORMERR; a version above 0 is BADVERS (with the EDNS
 *       header parsed, options not looked at); NSID with empty data asks for our NSID (RFC 5001);
 *       ECS (RFC 7871 section 6) must name family 1 or 2 with a source prefix of at most 32 or 128,
 *       carry exactly {@code ceil(source / 8)} address octets with no bit set beyond the prefix, a
 *       zero scope, and appear once, else FORMERR. Other options are ignored.
 * </ol>
 *
 * <p>OPT outside the additional section is walked like any record and otherwise ignored.
 *
 * <p>Stateless and thread-safe.
 */
public final class QueryParser {
  /** Pointers followed per name at most; a legal name of 127 labels never needs more. */
  static final int MAX_POINTERS = 128;

  static final int HEADER_LENGTH = 12;
  static final int MAX_NAME_LENGTH = 255;
  static final int MAX_LABEL_LENGTH = 63;
  static final int TYPE_OPT = 41;
  static final int OPTION_NSID = 3;
  static final int OPTION_ECS = 8;

  private static final int MALFORMED = -1;
  private static final int HAS_NSID = 1;
  private static final int HAS_ECS = 2;

  /** Parses the readable bytes of {@code packet}. */
  public ParsedQuery parse(ByteBuf packet) {
    int base = packet.readerIndex();
    int end = packet.writerIndex();
    if (end - base < HEADER_LENGTH) {
      return ParsedQuery.drop();
    }
    int id = packet.getUnsignedShort(base);
    int flags = packet.getUnsignedShort(base + 2);
    if ((flags & 0x8000) != 0) {
      return ParsedQuery.drop();
    }
    int opcode = (flags >>> 11) & 0xF;
    boolean rd = (flags & 0x0100) != 0;
    boolean cd = (flags & 0x0010) != 0;
    int qdcount = packet.getUnsignedShort(base + 4);
    int records =
        packet.getUnsignedShort(base + 6)
            + packet.getUnsignedShort(base + 8)
            + packet.getUnsignedShort(base + 10);
    int firstAdditional = records - packet.getUnsignedShort(base + 10);

    int rcode = opcode != 0 ? ParsedQuery.NOTIMP : 0;
    Name qname = null;
    int qtype = 0;
    int qclass = 0;
    byte[] question = null;
    int pos = base + HEADER_LENGTH;

    if (qdcount == 0) {
      rcode = firstError(rcode, ParsedQuery.FORMERR);
    } else {
      int nameEnd = nameEnd(packet, base, end, pos, false);
      if (nameEnd < 0 || end - nameEnd < 4) {
        return error(firstError(rcode, ParsedQuery.FORMERR), id, opcode, rd, cd, null);
      }
      qtype = packet.getUnsignedShort(nameEnd);
      qclass = packet.getUnsignedShort(nameEnd + 2);
      if (qdcount == 1) {
        question = new byte[nameEnd + 4 - pos];
        packet.getBytes(pos, question);
        qname = toName(question);
        if (qname == null) {
          question = null;
          rcode = firstError(rcode, ParsedQuery.FORMERR);
        }
      } else {
        rcode = firstError(rcode, ParsedQuery.FORMERR);
      }
      pos = nameEnd + 4;
      for (int i = 1; i < qdcount; i++) {
        int next = nameEnd(packet, base, end, pos, true);
        if (next < 0 || end - next < 4) {
          return error(firstError(rcode, ParsedQuery.FORMERR), id, opcode, rd, cd, null);
        }
        pos = next + 4;
      }
    }

    int optAt = -1;
    for (int i = 0; i < records; i++) {
      int nameEnd = nameEnd(packet, base, end, pos, true);
      if (nameEnd < 0 || end - nameEnd < 10) {
        rcode = firstError(rcode, ParsedQuery.FORMERR);
        break;
      }
      int rdlength = packet.getUnsignedShort(nameEnd + 8);
      if (end - (nameEnd + 10) < rdlength) {
        rcode = firstError(rcode, ParsedQuery.FORMERR);
        break;
      }
      if (i >= firstAdditional && packet.getUnsignedShort(nameEnd) == TYPE_OPT) {
        if (optAt >= 0 || nameEnd != pos + 1) {
          // A second OPT, or an owner other than the single root label.
          rcode = firstError(rcode, ParsedQuery.FORMERR);
          break;
        }
        optAt = pos;
      }
      pos = nameEnd + 10 + rdlength;
    }

    Edns edns = null;
    if (optAt >= 0) {
      int payload = packet.getUnsignedShort(optAt + 3);
      int version = packet.getUnsignedByte(optAt + 6);
      boolean dnssecOk = (packet.getUnsignedByte(optAt + 7) & 0x80) != 0;
      if (version > 0) {
        edns = new Edns(payload, version, dnssecOk, false, null);
        rcode = firstError(rcode, ParsedQuery.BADVERS);
      } else {
        int rdStart = optAt + 11;
        int rdEnd = rdStart + packet.getUnsignedShort(optAt + 9);
        int options = scanOptions(packet, rdStart, rdEnd);
        ClientSubnet ecs = null;
        if (options != MALFORMED && (options & HAS_ECS) != 0) {
          int at = findOption(packet, rdStart, rdEnd, OPTION_ECS);
          ecs = clientSubnet(packet, at + 4, packet.getUnsignedShort(at + 2));
          if (ecs == null) {
            options = MALFORMED;
          }
        }
        if (options == MALFORMED) {
          edns = new Edns(payload, version, dnssecOk, false, null);
          rcode = firstError(rcode, ParsedQuery.FORMERR);
        } else {
          edns = new Edns(payload, version, dnssecOk, (options & HAS_NSID) != 0, ecs);
        }
      }
    }

    DnsQuery query = new DnsQuery(id, opcode, rd, cd, qname, qtype, qclass, question, edns);
    return rcode == 0
        ? new ParsedQuery(ParsedQuery.Outcome.QUERY, 0, query)
        : new ParsedQuery(ParsedQuery.Outcome.ERROR, rcode, query);
  }

  private static int firstError(int rcode, int candidate) {
    return rcode != 0 ? rcode : candidate;
  }

  private static ParsedQuery error(
      int rcode, int id, int opcode, boolean rd, boolean cd, Edns edns) {
    return new ParsedQuery(
        ParsedQuery.Outcome.ERROR, rcode, new DnsQuery(id, opcode, rd, cd, null, 0, 0, null, edns));
  }

  /**
   * Validates the name at {@code pos} and returns the offset just after it in the message (after
   * its root label or its first pointer), or {@link #MALFORMED}.
   *
   * <p>Loop freedom: {@code floor} is the lowest offset read so far; every pointer must go below
   * it, so the offsets visited after each hop strictly decrease and no byte run is read twice.
   */
  static int nameEnd(ByteBuf b, int base, int end, int pos, boolean pointersAllowed) {
    int floor = pos;
    int at = pos;
    int after = -1;
    int length = 1;
    int pointers = 0;
    while (true) {
      if (at >= end) {
        return MALFORMED;
      }
      int len = b.getUnsignedByte(at);
      if (len == 0) {
        return after >= 0 ? after : at + 1;
      }
      switch (len & 0xC0) {
        case 0x00 -> {
          length += len + 1;
          if (length > MAX_NAME_LENGTH) {
            return MALFORMED;
          }
          at += len + 1;
        }
        case 0xC0 -> {
          if (!pointersAllowed || at + 1 >= end || ++pointers > MAX_POINTERS) {
            return MALFORMED;
          }
          int target = base + (((len & 0x3F) << 8) | b.getUnsignedByte(at + 1));
          if (target >= floor || target < base + HEADER_LENGTH) {
            return MALFORMED;
          }
          if (after < 0) {
            after = at + 2;
          }
          floor = target;
          at = target;
        }
        default -> {
          return MALFORMED;
        }
      }
    }
  }

  private static Name toName(byte[] question) {
    try {
      return new Name(new DNSInput(question));
    } catch (WireParseException e) {
      return null;
    }
  }

  /**
   * Walks the options in {@code [start, end)}: {@link #MALFORMED} when one overruns the RDATA or
   * ECS appears twice, else {@link #HAS_NSID} and {@link #HAS_ECS} bits.
   */
  private static int scanOptions(ByteBuf b, int start, int end) {
    int found = 0;
    int at = start;
    while (at < end) {
      if (end - at < 4) {
        return MALFORMED;
      }
      int code = b.getUnsignedShort(at);
      int length = b.getUnsignedShort(at + 2);
      if (end - (at + 4) < length) {
        return MALFORMED;
      }
      if (code == OPTION_NSID && length == 0) {
        found |= HAS_NSID;
      } else if (code == OPTION_ECS) {
        if ((found & HAS_ECS) != 0) {
          return MALFORMED;
        }
        found |= HAS_ECS;
      }
      at += 4 + length;
    }
    return found;
  }

  /** The offset of the first option with {@code code}; the options were validated already. */
  private static int findOption(ByteBuf b, int start, int end, int code) {
    int at = start;
    while (at < end && b.getUnsignedShort(at) != code) {
      at += 4 + b.getUnsignedShort(at + 2);
    }
    return at;
  }

  /** The ECS option with data at {@code at}, or null when it breaks RFC 7871 section 6. */
  private static ClientSubnet clientSubnet(ByteBuf b, int at, int length) {
    if (length < 4) {
      return null;
    }
    int family = b.getUnsignedShort(at);
    int source = b.getUnsignedByte(at + 2);
    int scope = b.getUnsignedByte(at + 3);
    if (family != ClientSubnet.FAMILY_IPV4 && family != ClientSubnet.FAMILY_IPV6) {
      return null;
    }
    if (source > ClientSubnet.maxPrefix(family) || scope != 0) {
      return null;
    }
    int octets = (source + 7) >>> 3;
    if (length - 4 != octets) {
      return null;
    }
    byte[] address = new byte[family == ClientSubnet.FAMILY_IPV4 ? 4 : 16];
    b.getBytes(at + 4, address, 0, octets);
    if ((source & 7) != 0 && (address[octets - 1] & (0xFF >>> (source & 7))) != 0) {
      return null;
    }
    return new ClientSubnet(family, source, scope, inetAddress(address));
  }

  private static InetAddress inetAddress(byte[] address) {
    try {
      // Inet6Address.getByAddress keeps an IPv4-mapped address an Inet6Address, so the prefix
      // length stays consistent with the address length.
      return address.length == 4
          ? (Inet4Address) InetAddress.getByAddress(address)
          : Inet6Address.getByAddress(null, address, -1);
    } catch (UnknownHostException e) {
      throw new AssertionError("address of 4 or 16 octets", e);
    }
  }
}
