package dev.tierkit.dns.wire;

/**
 * The parser's verdict on one packet.
 *
 * @param outcome what to do with it
 * @param rcode for {@link Outcome#ERROR}: {@link #FORMERR}, {@link #NOTIMP} or {@link #BADVERS}; 0
 *     otherwise
 * @param query the query for QUERY; for ERROR whatever parsed (at least id and opcode); null for
 *     DROP
 */
public record ParsedQuery(Outcome outcome, int rcode, DnsQuery query) {
  /** RCODE 1: the query was malformed. */
  public static final int FORMERR = 1;

  /** RCODE 4: an opcode other than QUERY. */
  public static final int NOTIMP = 4;

  /** Extended RCODE 16: an EDNS version above 0 (RFC 6891 section 6.1.3). */
  public static final int BADVERS = 16;

  private static final ParsedQuery DROPPED = new ParsedQuery(Outcome.DROP, 0, null);

  /** What the server does with a packet. */
  public enum Outcome {
    /** A well-formed standard query: look it up and answer. */
    QUERY,
    /** Answer with {@link ResponseWriter#writeError} and the rcode. */
    ERROR,
    /** Send nothing: too short to carry an id, or a response (never answer those: loops). */
    DROP
  }

  static ParsedQuery drop() {
    return DROPPED;
  }
}
