package dev.tierkit.dist;

import dev.tierkit.cache.CacheServerCommand;
import dev.tierkit.cdn.CdnEdgeCommand;
import dev.tierkit.common.cli.ExitCodes;
import dev.tierkit.dist.demo.DemoCommand;
import dev.tierkit.dist.demo.app.DemoWebCommand;
import dev.tierkit.dist.demo.app.DemoWorkerCommand;
import dev.tierkit.dns.DnsGeoCommand;
import dev.tierkit.lb.LbCommand;
import dev.tierkit.mq.MqBrokerCommand;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code tierkit} command. Each daemon module contributes its own command class,
 * listed here as a subcommand once the module exists.
 */
@Command(
    name = "tierkit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionInfo.class,
    sortOptions = false,
    description = {"Network daemons for every tier of a growing system, on one Netty runtime.", ""},
    subcommands = {
      CacheServerCommand.class,
      CdnEdgeCommand.class,
      DemoCommand.class,
      DemoWebCommand.class,
      DemoWorkerCommand.class,
      DnsGeoCommand.class,
      LbCommand.class,
      MqBrokerCommand.class,
      TransportsCommand.class,
      CommandLine.HelpCommand.class
    },
    footer = {"", "Run 'tierkit COMMAND --help' for the options of a command."})
public final class TierkitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Without a command, show what there is and exit with the usage code. */
  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
