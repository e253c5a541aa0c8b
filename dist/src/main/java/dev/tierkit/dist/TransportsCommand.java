package dev.tierkit.dist;

import dev.tierkit.common.transport.Transport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tierkit transports}: which I/O transports run on this machine, which one {@code
 * --transport auto} picks, and why the others cannot run (io_uring is often refused by container
 * seccomp profiles or disabled by {@code kernel.io_uring_disabled}).
 */
@Command(
    name = "transports",
    mixinStandardHelpOptions = true,
    description = "Show which I/O transports run on this machine and which one auto picks.")
public final class TransportsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Transport best = Transport.best();
    for (Transport transport : Transport.values()) {
      String line =
          transport.isAvailable()
              ? String.format(
                  "%-9s available%s",
                  transport.cliName(), transport == best ? " (auto picks this)" : "")
              : String.format(
                  "%-9s unavailable: %s",
                  transport.cliName(),
                  transport
                      .unavailabilityCause()
                      .map(cause -> String.valueOf(cause.getMessage()))
                      .orElse("unknown reason"));
      spec.commandLine().getOut().println(line);
    }
    return 0;
  }
}
