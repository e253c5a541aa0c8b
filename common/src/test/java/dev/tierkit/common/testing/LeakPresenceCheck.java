package dev.tierkit.common.testing;

import io.netty.util.LeakPresenceDetector;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** After each {@link CodecTest}, fails if any Netty buffer is still unreleased. */
public final class LeakPresenceCheck implements AfterEachCallback {
  @Override
  public void afterEach(ExtensionContext context) {
    LeakPresenceDetector.check();
  }
}
