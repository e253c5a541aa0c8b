package dev.tierkit.common.testing;

import dev.tierkit.common.cli.CommandLines;
import dev.tierkit.common.cli.CommonOptions;
import dev.tierkit.common.cli.DurationConverter;
import dev.tierkit.common.config.YamlConfigLoader;
import dev.tierkit.common.launch.DaemonLauncher;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The echo daemon as a command, built exactly as a real daemon's command is: the common options
 * mixin, per-daemon defaults, a YAML config file, the shared launcher.
 */
@Command(
    name = "echo",
    mixinStandardHelpOptions = true,
    defaultValueProvider = EchoDefaults.class,
    description = "Echoes lines back, for testing the runtime.")
public final class EchoCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--reply-delay",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "Delay before each reply (default: ${DEFAULT-VALUE}).")
  Duration replyDelay;

  @Option(
      names = "--start-delay",
      defaultValue = "0s",
      converter = DurationConverter.class,
      description = "Time the daemon takes to start, like a store replaying its log.")
  Duration startDelay;

  @Override
  public Integer call() throws Exception {
    common.logLevel().apply();
    EchoSettings settings =
        common
            .configFile()
            .map(file -> new YamlConfigLoader().load(file, EchoSettings.class))
            .orElse(new EchoSettings("", 1024));
    DaemonLauncher launcher =
        new DaemonLauncher("echo", common.runtimeConfig(), common.adminConfig());
    return launcher.run(
        context -> EchoServer.start(context.runtime(), common.bindAddress(), settings, replyDelay));
  }

  /** Runs the echo daemon as a process, for tests that signal it. */
  public static void main(String[] args) {
    System.exit(CommandLines.execute(new EchoCommand(), args));
  }
}
