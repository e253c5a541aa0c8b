package dev.tierkit.common.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the leak reports Netty's {@code ResourceLeakDetector} logs, so that {@link
 * NettyLeakExtension} can fail the test class that leaked. Wired in {@code logback-test.xml}.
 */
public final class LeakReportAppender extends AppenderBase<ILoggingEvent> {
  private static final List<String> REPORTS = new ArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    String message = event.getFormattedMessage();
    if (message != null && message.contains("LEAK:")) {
      synchronized (REPORTS) {
        REPORTS.add(message);
      }
    }
  }

  /** The reports collected since the last call, which it clears. */
  static List<String> drain() {
    synchronized (REPORTS) {
      List<String> copy = new ArrayList<>(REPORTS);
      REPORTS.clear();
      return copy;
    }
  }
}
