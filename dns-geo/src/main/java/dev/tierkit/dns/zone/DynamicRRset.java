package dev.tierkit.dns.zone;

import org.xbill.DNS.Name;

/**
 * An RRset whose records depend on who asks (a geo resource). The zone lookup calls {@link #select}
 * where it would have used a static RRset of the same type at the same name; a dynamic CNAME is
 * followed like a static one.
 *
 * <p>Implementations are immutable apart from health state they read, and are called concurrently
 * from every event loop: {@code select} must not block or allocate more than the answer.
 */
public interface DynamicRRset {
  /** The owner name. */
  Name name();

  /** The record type this set answers (A, AAAA, CNAME, TXT, ...). */
  int type();

  /** The records for {@code client}, with the scope of the decision. */
  Selection select(Client client);
}
