package dev.tierkit.dns.wire;

import dev.tierkit.dns.zone.Client;
import java.net.InetAddress;
import org.xbill.DNS.Name;

/**
 * A query as the parser understood it: the header fields a reply echoes, the one question, and the
 * EDNS state.
 *
 * <p>{@link #question} holds the question section exactly as the client sent it (name wire bytes in
 * the client's case, then type and class), so the reply can echo it byte for byte (DNS 0x20
 * randomisation survives). It is never modified after parsing; callers must not modify it either.
 *
 * <p>In a {@link ParsedQuery} with outcome ERROR, only {@code id} and {@code opcode} are certain;
 * {@code qname} and {@code question} are null when the question did not parse, and {@code edns} is
 * null when there was no well-formed OPT.
 *
 * <p>The array component is deliberate: the reply copies those bytes and nothing else, and a copy
 * per query would be waste on the hot path. As with any record holding an array, {@code equals}
 * compares {@code question} by identity.
 *
 * @param qname the question name, case as sent ({@link Name#equals} ignores case)
 * @param edns the OPT record's content, or null when the query had none
 */
@SuppressWarnings("ArrayRecordComponent") // see the class comment
public record DnsQuery(
    int id,
    int opcode,
    boolean recursionDesired,
    boolean checkingDisabled,
    Name qname,
    int qtype,
    int qclass,
    byte[] question,
    Edns edns) {

  @Override
  public String toString() {
    return "DnsQuery[id="
        + id
        + ", opcode="
        + opcode
        + ", "
        + qname
        + " "
        + org.xbill.DNS.Type.string(qtype)
        + " "
        + org.xbill.DNS.DClass.string(qclass)
        + (recursionDesired ? ", rd" : "")
        + (checkingDisabled ? ", cd" : "")
        + ", edns="
        + edns
        + "]";
  }

  /** The ECS option, or null when the query had no EDNS or no ECS. */
  public ClientSubnet clientSubnet() {
    return edns == null ? null : edns.ecs();
  }

  /**
   * Who asks: the ECS network when the query carried one with a source prefix above 0, else the
   * packet's source address (RFC 7871 section 7.1.2).
   */
  public Client client(InetAddress packetSource) {
    ClientSubnet ecs = clientSubnet();
    Client fromEcs = ecs == null ? null : ecs.client();
    return fromEcs != null ? fromEcs : Client.of(packetSource);
  }
}
