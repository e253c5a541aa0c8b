package dev.tierkit.common.config;

/**
 * A user's configuration mistake: a bad option value, a bad config file, a missing file.
 *
 * <p>The message is one line a user can act on, naming the option or the file, line and field at
 * fault. Commands turn it into exit code 2 with that line and no stack trace.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
