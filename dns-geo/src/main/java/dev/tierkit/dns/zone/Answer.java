package dev.tierkit.dns.zone;

import java.util.List;

/**
 * The outcome of a lookup, before it meets the wire: the response code, whether it is
 * authoritative, the three record sections in order, and the ECS scope prefix for the reply.
 *
 * <p>The additional section holds only data records (glue, MX/SRV targets); the writer adds the OPT
 * record itself and may drop additional records that do not fit without setting TC (RFC 2181
 * section 9), except those marked {@code requiredAdditional} (in-bailiwick glue of a referral, RFC
 * 9471): when those do not fit, TC is set.
 *
 * @param rcode RFC 1035/6895 response code (0 NOERROR, 3 NXDOMAIN, 5 REFUSED, ...)
 * @param authoritative the AA bit
 * @param scopePrefix ECS scope: 0 when nothing in the answer depended on location
 * @param precomputed whether this object is built once and answers many queries (a static RRset's
 *     answer, a zone's NXDOMAIN): the writer may then keep its encoded sections and copy them for
 *     the next query with the same name instead of encoding again
 */
public record Answer(
    int rcode,
    boolean authoritative,
    List<WireRecord> answer,
    List<WireRecord> authority,
    List<WireRecord> additional,
    int requiredAdditional,
    int scopePrefix,
    boolean precomputed) {
  public Answer {
    answer = List.copyOf(answer);
    authority = List.copyOf(authority);
    additional = List.copyOf(additional);
    if (requiredAdditional < 0 || requiredAdditional > additional.size()) {
      throw new IllegalArgumentException("requiredAdditional " + requiredAdditional);
    }
  }

  /** An answer built for one query. */
  public Answer(
      int rcode,
      boolean authoritative,
      List<WireRecord> answer,
      List<WireRecord> authority,
      List<WireRecord> additional,
      int requiredAdditional,
      int scopePrefix) {
    this(
        rcode,
        authoritative,
        answer,
        authority,
        additional,
        requiredAdditional,
        scopePrefix,
        false);
  }

  /** The same answer, marked as built once for many queries. */
  public Answer precompute() {
    return precomputed
        ? this
        : new Answer(
            rcode,
            authoritative,
            answer,
            authority,
            additional,
            requiredAdditional,
            scopePrefix,
            true);
  }

  /** An answer with no records: REFUSED, NOTIMP, FORMERR, SERVFAIL. */
  public static Answer empty(int rcode) {
    return new Answer(rcode, false, List.of(), List.of(), List.of(), 0, 0);
  }
}
