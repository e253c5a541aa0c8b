package dev.tierkit.dns.wire;

import dev.tierkit.dns.zone.Answer;
import dev.tierkit.dns.zone.WireRecord;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Writes a response straight into the outbound {@code ByteBuf}: header, the question echoed byte
 * for byte (so the client's 0x20 case comes back), the three record sections with name compression,
 * and an OPT record when the query had EDNS.
 *
 * <p>Compression (see {@link NameCompressor}): owner names always; names inside RDATA only for NS,
 * CNAME, SOA, PTR, MX and the obsolete RFC 1035 types MD, MF, MB, MG, MR, MINFO (RFC 3597 section
 * 4); every other RDATA is copied as is. A record owned by the query name points at offset 12, so
 * it carries the client's case too.
 *
 * <p>Truncation (RFC 1035 section 4.2.1, RFC 2181 section 9): the whole message, OPT included,
 * stays within {@code maxSize}. When the answer and authority sections do not fit, or one of the
 * first {@link Answer#requiredAdditional} additional records does not, TC is set and the message
 * carries the header, the question and the OPT only (ANCOUNT and NSCOUNT 0, ARCOUNT 1 for the OPT
 * or 0). Optional additional records that do not fit are left off, from the end, without TC.
 *
 * <p>OPT (RFC 6891): owner root, class = our advertised UDP payload (default {@value
 * #DEFAULT_UDP_PAYLOAD}), TTL = the extended rcode's high 8 bits, version 0, DO echoed; NSID (RFC
 * 5001) when the query asked and one is configured; ECS (RFC 7871 section 7.2.1) when the query
 * sent one: family, source prefix and address octets echoed, scope = the answer's scope clamped to
 * the family's width (0 when the source prefix was 0: the answer then did not come from the ECS
 * network); with REFUSED, an RFC 8914 Extended DNS Error 20 (Not Authoritative), as Knot sends.
 *
 * <p>Limits: {@code maxSize} between 512 and 65535; NSID at most {@value #MAX_NSID_LENGTH} octets,
 * so header, question and OPT always fit in 512 bytes and a TC reply can always be sent.
 *
 * <p>Precomputed answers ({@link Answer#precomputed}): the sections after the question are encoded
 * once per query name and kept in a small per-writer table, then copied for the next query for the
 * same name (any case: compression pointers to the question are the same, and the question itself
 * is always echoed as sent). Only a reply that fit whole is kept; one that would not fit the next
 * query's limit is encoded again, with truncation.
 *
 * <p>Thread rule: an instance keeps a reusable compression table, so it is not thread-safe. Use one
 * per event loop (or per channel handler that stays on its loop). The caller allocates and owns
 * {@code out} (which must be able to grow: records are written first and cut back when they do not
 * fit); the writer only writes at its writer index and keeps no reference after returning.
 */
public final class ResponseWriter {
  /** The UDP payload size advertised by default: the DNS Flag Day 2020 value. */
  public static final int DEFAULT_UDP_PAYLOAD = 1232;

  /** Longest NSID accepted. */
  public static final int MAX_NSID_LENGTH = 128;

  /** The size every DNS client accepts over UDP (RFC 1035 section 2.3.4). */
  public static final int MIN_UDP_PAYLOAD = 512;

  /** Largest DNS message (TCP's 16-bit length prefix). */
  public static final int MAX_MESSAGE_SIZE = 65535;

  /**
   * Slots of the encoded-answer cache: a direct-mapped table by the identity of precomputed
   * answers, per writer (so per event loop), each slot one answer's sections for one query name.
   */
  static final int CACHE_SLOTS = 1024;

  private final Answer[] cachedAnswers = new Answer[CACHE_SLOTS];
  private final byte[][] cachedNames = new byte[CACHE_SLOTS][];
  private final byte[][] cachedSections = new byte[CACHE_SLOTS][];
  private final long[] cachedCounts = new long[CACHE_SLOTS];

  private static final int RCODE_REFUSED = 5;
  private static final int OPTION_EDE = 15;
  private static final int EDE_NOT_AUTHORITATIVE = 20;

  private static final int FLAG_QR = 0x8000;
  private static final int FLAG_AA = 0x0400;
  private static final int FLAG_TC = 0x0200;
  private static final int FLAG_RD = 0x0100;
  private static final int FLAG_CD = 0x0010;
  private static final int OPT_FIXED_LENGTH = 11;

  private final int advertisedPayload;
  private final byte[] nsid;
  private final NameCompressor compressor = new NameCompressor();

  /** A writer advertising {@value #DEFAULT_UDP_PAYLOAD} bytes, without NSID. */
  public ResponseWriter() {
    this(DEFAULT_UDP_PAYLOAD, null);
  }

  /**
   * @param advertisedUdpPayload the UDP payload size our OPT records advertise, 512..65535
   * @param nsid this server's NSID, or null for none; copied
   */
  public ResponseWriter(int advertisedUdpPayload, byte[] nsid) {
    if (advertisedUdpPayload < MIN_UDP_PAYLOAD || advertisedUdpPayload > MAX_MESSAGE_SIZE) {
      throw new IllegalArgumentException(
          "advertisedUdpPayload "
              + advertisedUdpPayload
              + " outside "
              + MIN_UDP_PAYLOAD
              + ".."
              + MAX_MESSAGE_SIZE);
    }
    if (nsid != null && (nsid.length == 0 || nsid.length > MAX_NSID_LENGTH)) {
      throw new IllegalArgumentException(
          "nsid of " + nsid.length + " bytes outside 1.." + MAX_NSID_LENGTH);
    }
    this.advertisedPayload = advertisedUdpPayload;
    this.nsid = nsid == null ? null : nsid.clone();
  }

  /** The UDP payload size this writer advertises. */
  public int advertisedUdpPayload() {
    return advertisedPayload;
  }

  /** {@link #udpLimit(DnsQuery, int)} capped by our advertised payload size. */
  public int udpLimit(DnsQuery q) {
    return udpLimit(q, advertisedPayload);
  }

  /**
   * How large a UDP reply to {@code q} may be: 512 without EDNS, else the requestor's payload size
   * (raised to 512 when it said less, RFC 6891 section 6.2.3) capped at {@code cap}.
   */
  public int udpLimit(DnsQuery q, int cap) {
    if (q.edns() == null) {
      return MIN_UDP_PAYLOAD;
    }
    return Math.min(Math.max(MIN_UDP_PAYLOAD, q.edns().udpPayloadSize()), cap);
  }

  /**
   * Writes the reply to {@code q} carrying {@code a} at {@code out}'s writer index.
   *
   * @param maxSize the largest message allowed: {@link #udpLimit} for UDP, 65535 for TCP
   * @return whether the reply was truncated (TC set)
   */
  public boolean write(ByteBuf out, DnsQuery q, Answer a, int maxSize) {
    return write(out, q, a, maxSize, false);
  }

  /**
   * Writes the reply to {@code q} as if {@code a} did not fit: TC set, header, question and OPT
   * only. Response rate limiting "slips" these out so that a real resolver retries over TCP.
   */
  public void writeTruncated(ByteBuf out, DnsQuery q, Answer a) {
    write(out, q, a, MIN_UDP_PAYLOAD, true);
  }

  @SuppressWarnings("ReferenceEquality") // the answer cache is keyed by identity, on purpose
  private boolean write(ByteBuf out, DnsQuery q, Answer a, int maxSize, boolean forceTruncation) {
    checkMaxSize(maxSize);
    int start = out.writerIndex();
    compressor.reset(out);
    try {
      int flags = FLAG_QR | headerFlags(q) | (a.authoritative() ? FLAG_AA : 0) | (a.rcode() & 0xF);
      writeHeaderAndQuestion(out, q, flags);
      int afterQuestion = out.writerIndex();
      int questionMark = compressor.mark();
      int limit = start + maxSize - optLength(q, true, a.rcode());

      int slot = a.precomputed() ? System.identityHashCode(a) & (CACHE_SLOTS - 1) : -1;
      if (!forceTruncation && slot >= 0) {
        byte[] sections = cachedSections[slot];
        if (cachedAnswers[slot] == a
            && afterQuestion + sections.length <= limit
            && sameName(cachedNames[slot], q.question())) {
          out.writeBytes(sections);
          long counts = cachedCounts[slot];
          int additionals = (int) (counts & 0xFFFF);
          if (q.edns() != null) {
            writeOpt(out, q.edns(), a.rcode(), true, a.scopePrefix());
            additionals++;
          }
          out.setShort(start + 2, flags);
          out.setShort(start + 6, (int) (counts >>> 32));
          out.setShort(start + 8, (int) (counts >>> 16) & 0xFFFF);
          out.setShort(start + 10, additionals);
          return false;
        }
      }

      boolean truncated = false;
      int answers = forceTruncation ? 0 : writeRecords(out, a.answer(), limit);
      int authorities = 0;
      int additionals = 0;
      if (forceTruncation || answers < a.answer().size()) {
        truncated = true;
      } else {
        authorities = writeRecords(out, a.authority(), limit);
        if (authorities < a.authority().size()) {
          truncated = true;
        } else {
          additionals = writeRecords(out, a.additional(), limit);
          truncated = additionals < a.requiredAdditional();
        }
      }
      if (truncated) {
        out.writerIndex(afterQuestion);
        compressor.rollback(questionMark);
        answers = 0;
        authorities = 0;
        additionals = 0;
        flags |= FLAG_TC;
      }
      if (!truncated && slot >= 0 && additionals == a.additional().size()) {
        remember(slot, a, q, out, afterQuestion, answers, authorities, additionals);
      }
      if (q.edns() != null) {
        writeOpt(out, q.edns(), a.rcode(), true, a.scopePrefix());
        additionals++;
      }
      out.setShort(start + 2, flags);
      out.setShort(start + 6, answers);
      out.setShort(start + 8, authorities);
      out.setShort(start + 10, additionals);
      return truncated;
    } finally {
      compressor.clear();
    }
  }

  /**
   * Keeps the encoded sections of a precomputed answer for the next query with the same name. A
   * slot already holding this answer (for another name: a zone's NXDOMAIN serves every missing
   * name) is left alone, so a stream of different names does not copy on every query.
   */
  @SuppressWarnings("ReferenceEquality") // the answer cache is keyed by identity, on purpose
  private void remember(
      int slot,
      Answer a,
      DnsQuery q,
      ByteBuf out,
      int from,
      int answers,
      int authorities,
      int additionals) {
    if (cachedAnswers[slot] == a || q.question() == null) {
      return;
    }
    byte[] sections = new byte[out.writerIndex() - from];
    out.getBytes(from, sections);
    byte[] question = q.question();
    byte[] name = new byte[question.length - 4];
    for (int i = 0; i < name.length; i++) {
      name[i] = lower(question[i]);
    }
    cachedNames[slot] = name;
    cachedSections[slot] = sections;
    cachedCounts[slot] = ((long) answers << 32) | ((long) authorities << 16) | additionals;
    cachedAnswers[slot] = a;
  }

  /** Whether {@code question}'s name is {@code lowerName}, ignoring ASCII case. */
  private static boolean sameName(byte[] lowerName, byte[] question) {
    if (question == null || question.length - 4 != lowerName.length) {
      return false;
    }
    for (int i = 0; i < lowerName.length; i++) {
      if (lower(question[i]) != lowerName[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte lower(byte b) {
    return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
  }

  /**
   * Writes the reply to a packet the parser rejected ({@link ParsedQuery.Outcome#ERROR}): header
   * with the id, opcode and rcode, the question when it parsed, and an OPT (without options) when
   * the query had EDNS. BADVERS (16) is header rcode 0 with extended rcode 1 in the OPT, which is
   * therefore always present for it.
   *
   * @param maxSize as for {@link #write}; an error reply is at most 12 + 259 + 11 bytes, so it
   *     always fits
   */
  public void writeError(ByteBuf out, ParsedQuery p, int maxSize) {
    checkMaxSize(maxSize);
    if (p.outcome() != ParsedQuery.Outcome.ERROR) {
      throw new IllegalArgumentException("outcome " + p.outcome() + " is not ERROR");
    }
    DnsQuery q = p.query();
    int start = out.writerIndex();
    int flags = FLAG_QR | headerFlags(q) | (p.rcode() & 0xF);
    compressor.reset(out);
    try {
      writeHeaderAndQuestion(out, q, flags);
    } finally {
      compressor.clear();
    }
    Edns edns = q.edns();
    if (edns == null && p.rcode() > 0xF) {
      edns = new Edns(MIN_UDP_PAYLOAD, 0, false, false, null);
    }
    if (edns != null) {
      writeOpt(out, edns, p.rcode(), false, 0);
      out.setShort(start + 10, 1);
    }
  }

  private static void checkMaxSize(int maxSize) {
    if (maxSize < MIN_UDP_PAYLOAD || maxSize > MAX_MESSAGE_SIZE) {
      throw new IllegalArgumentException(
          "maxSize " + maxSize + " outside " + MIN_UDP_PAYLOAD + ".." + MAX_MESSAGE_SIZE);
    }
  }

  private static int headerFlags(DnsQuery q) {
    return ((q.opcode() & 0xF) << 11)
        | (q.recursionDesired() ? FLAG_RD : 0)
        | (q.checkingDisabled() ? FLAG_CD : 0);
  }

  /** Header with all counts 0 but QDCOUNT, then the question as the client sent it. */
  private void writeHeaderAndQuestion(ByteBuf out, DnsQuery q, int flags) {
    byte[] question = q.question();
    out.writeShort(q.id());
    out.writeShort(flags);
    out.writeShort(question == null ? 0 : 1);
    out.writeShort(0);
    out.writeShort(0);
    out.writeShort(0);
    if (question != null) {
      out.writeBytes(question);
      if (RdataNames.nameEnd(question, 0, question.length) > 0) {
        compressor.remember(question, 0, QueryParser.HEADER_LENGTH);
      }
    }
  }

  /** Writes records while they end at or before {@code limit}; returns how many were written. */
  private int writeRecords(ByteBuf out, List<WireRecord> records, int limit) {
    for (int i = 0; i < records.size(); i++) {
      int mark = out.writerIndex();
      int compressorMark = compressor.mark();
      writeRecord(out, records.get(i));
      if (out.writerIndex() > limit) {
        out.writerIndex(mark);
        compressor.rollback(compressorMark);
        return i;
      }
    }
    return records.size();
  }

  private void writeRecord(ByteBuf out, WireRecord r) {
    compressor.write(r.ownerWire(), 0);
    out.writeShort(r.type());
    out.writeShort(r.dclass());
    out.writeInt((int) r.ttl());
    int lengthAt = out.writerIndex();
    out.writeShort(0);
    RdataNames.write(out, compressor, r.type(), r.rdata());
    out.setShort(lengthAt, out.writerIndex() - lengthAt - 2);
  }

  /** Bytes the OPT record will take for a reply to {@code q}; 0 without EDNS. */
  private int optLength(DnsQuery q, boolean withOptions, int rcode) {
    Edns edns = q.edns();
    if (edns == null) {
      return 0;
    }
    int length = OPT_FIXED_LENGTH;
    if (withOptions && edns.nsidRequested() && nsid != null) {
      length += 4 + nsid.length;
    }
    if (withOptions && edns.ecs() != null) {
      length += 8 + edns.ecs().addressOctets();
    }
    if (withOptions && rcode == RCODE_REFUSED) {
      length += 6;
    }
    return length;
  }

  private void writeOpt(ByteBuf out, Edns edns, int rcode, boolean withOptions, int scope) {
    int extendedRcode = rcode >>> 4;
    out.writeByte(0);
    out.writeShort(QueryParser.TYPE_OPT);
    out.writeShort(advertisedPayload);
    out.writeByte(extendedRcode);
    out.writeByte(0);
    out.writeShort(edns.dnssecOk() ? 0x8000 : 0);
    int lengthAt = out.writerIndex();
    out.writeShort(0);
    if (withOptions && edns.nsidRequested() && nsid != null) {
      out.writeShort(QueryParser.OPTION_NSID);
      out.writeShort(nsid.length);
      out.writeBytes(nsid);
    }
    ClientSubnet ecs = edns.ecs();
    if (withOptions && ecs != null) {
      int octets = ecs.addressOctets();
      out.writeShort(QueryParser.OPTION_ECS);
      out.writeShort(4 + octets);
      out.writeShort(ecs.family());
      out.writeByte(ecs.sourcePrefix());
      out.writeByte(ecs.sourcePrefix() == 0 ? 0 : Math.min(Math.max(0, scope), ecs.maxPrefix()));
      out.writeBytes(ecs.address().getAddress(), 0, octets);
    }
    if (withOptions && rcode == RCODE_REFUSED) {
      // RFC 8914 Extended DNS Error 20, "Not Authoritative", as Knot sends with REFUSED.
      out.writeShort(OPTION_EDE);
      out.writeShort(2);
      out.writeShort(EDE_NOT_AUTHORITATIVE);
    }
    out.setShort(lengthAt, out.writerIndex() - lengthAt - 2);
  }
}
