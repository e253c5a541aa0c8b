package dev.tierkit.common.cli;

import picocli.CommandLine;

/**
 * The defaults that differ from daemon to daemon: its service port and admin port. The event loop
 * thread count defaults to the number of cores everywhere.
 *
 * <p>A daemon command names a subclass with a no-argument constructor in
 * {@code @Command(defaultValueProvider = ...)}; {@code --help} then shows these values as the
 * defaults.
 */
public abstract class DaemonDefaults implements CommandLine.IDefaultValueProvider {
  private final int port;
  private final int adminPort;

  protected DaemonDefaults(int port, int adminPort) {
    this.port = port;
    this.adminPort = adminPort;
  }

  @Override
  public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
    if (!(argSpec instanceof CommandLine.Model.OptionSpec option)) {
      return null;
    }
    return switch (option.longestName()) {
      case "--port" -> Integer.toString(port);
      case "--admin-port" -> Integer.toString(adminPort);
      case "--threads" -> Integer.toString(Runtime.getRuntime().availableProcessors());
      default -> null;
    };
  }
}
