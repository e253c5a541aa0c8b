package dev.tierkit.cache.protocol;

import java.util.List;

/**
 * {@code get gets gat gats}: the keys in request order (a key asked twice is answered twice).
 *
 * @param exptime the new exptime for {@code gat}/{@code gats}, unused otherwise
 */
public record RetrievalCommand(Type type, long exptime, List<byte[]> keys)
    implements MemcacheCommand {
  /** The retrieval verbs. */
  public enum Type {
    GET,
    GETS,
    GAT,
    GATS;

    boolean withCas() {
      return this == GETS || this == GATS;
    }

    boolean touches() {
      return this == GAT || this == GATS;
    }
  }
}
