package dev.tierkit.common.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked buffer while (or after) it ran.
 *
 * <p>Registered for every test through JUnit's extension auto-detection (enabled in the parent
 * pom). Netty reports a leak only when the leaked buffer has been garbage collected and a later
 * allocation polls the reference queue, so after each class this forces a few collections and
 * allocations, then fails on any report {@link LeakReportAppender} has collected.
 */
public final class NettyLeakExtension implements AfterAllCallback {
  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    if (ResourceLeakDetector.getLevel() == ResourceLeakDetector.Level.DISABLED
        || System.getProperty("io.netty.customResourceLeakDetector") != null) {
      return;
    }
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(20);
      ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(8);
      pooled.release();
      ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.heapBuffer(8);
      unpooled.release();
    }
    List<String> leaks = LeakReportAppender.drain();
    if (!leaks.isEmpty()) {
      throw new AssertionError(
          leaks.size()
              + " Netty buffer leak(s) reported during or before "
              + context.getDisplayName()
              + ":\n"
              + String.join("\n\n", leaks));
    }
  }
}
