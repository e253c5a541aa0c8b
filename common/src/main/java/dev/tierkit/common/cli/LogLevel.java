package dev.tierkit.common.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** The levels {@code --log-level} accepts, and the switch that applies one to the process. */
public enum LogLevel {
  TRACE(Level.TRACE),
  DEBUG(Level.DEBUG),
  INFO(Level.INFO),
  WARN(Level.WARN),
  ERROR(Level.ERROR),
  OFF(Level.OFF);

  /** Logback's integer form of the level: enums hold only immutable state. */
  private final int level;

  LogLevel(Level level) {
    this.level = level.toInt();
  }

  /** Sets the root logger to this level, if logback is the logging backend. */
  public void apply() {
    if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
      root.setLevel(Level.toLevel(level));
    }
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
