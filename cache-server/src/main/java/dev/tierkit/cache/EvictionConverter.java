package dev.tierkit.cache;

import dev.tierkit.cache.store.EvictionPolicy;
import dev.tierkit.common.cli.EnumOptionConverter;

/** {@code --eviction lru|tinylfu|fifo}. */
public final class EvictionConverter extends EnumOptionConverter<EvictionPolicy> {
  public EvictionConverter() {
    super(EvictionPolicy.class);
  }
}
