package dev.tierkit.common.cli;

import dev.tierkit.common.config.ConfigException;
import dev.tierkit.common.runtime.BindFailedException;
import dev.tierkit.common.transport.TransportUnavailableException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs a picocli command with tierkit's conventions: case-insensitive enum values, and every user
 * mistake reported as one line on stderr (no stack trace) with exit code 2; runtime failures such
 * as an unbindable port as one line with exit code 1; anything unexpected with its stack trace and
 * exit code 1.
 */
public final class CommandLines {
  private CommandLines() {}

  /** Runs {@code command} with {@code args}, printing to this process's stdout and stderr. */
  public static int execute(Object command, String... args) {
    return execute(
        command,
        new PrintWriter(System.out, true, java.nio.charset.Charset.defaultCharset()),
        new PrintWriter(System.err, true, java.nio.charset.Charset.defaultCharset()),
        args);
  }

  /** Runs {@code command} with {@code args}, printing to the given writers. */
  public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = configure(new CommandLine(command));
    cli.setOut(out);
    cli.setErr(err);
    return cli.execute(args);
  }

  /** Applies tierkit's conventions to {@code cli} and its subcommands. */
  public static CommandLine configure(CommandLine cli) {
    return cli.setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(CommandLines::usageError)
        .setExecutionExceptionHandler(CommandLines::executionError);
  }

  private static int usageError(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    String name = cli.getCommandSpec().qualifiedName();
    cli.getErr().println(name + ": " + oneLine(e.getMessage()) + " (see '" + name + " --help')");
    return ExitCodes.USAGE;
  }

  private static int executionError(
      Exception e, CommandLine cli, CommandLine.ParseResult parseResult) {
    String name = cli.getCommandSpec().qualifiedName();
    if (e instanceof ConfigException || e instanceof TransportUnavailableException) {
      cli.getErr().println(name + ": " + oneLine(e.getMessage()));
      return ExitCodes.USAGE;
    }
    if (e instanceof BindFailedException) {
      cli.getErr().println(name + ": " + oneLine(e.getMessage()));
      return ExitCodes.FAILURE;
    }
    cli.getErr().println(name + ": unexpected failure: " + e);
    e.printStackTrace(cli.getErr());
    return ExitCodes.FAILURE;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
