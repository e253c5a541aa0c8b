package dev.tierkit.mq;

import dev.tierkit.common.cli.EnumOptionConverter;
import dev.tierkit.mq.store.FsyncMode;

/** {@code --fsync always|batch|never}. */
public final class FsyncConverter extends EnumOptionConverter<FsyncMode> {
  public FsyncConverter() {
    super(FsyncMode.class);
  }
}
