package dev.tierkit.common.cli;

/** Process exit codes, the same for every tierkit command. */
public final class ExitCodes {
  /** Clean exit, including a graceful shutdown on SIGTERM or SIGINT. */
  public static final int OK = 0;

  /** A runtime failure: a port that cannot be bound, a disk that fails. */
  public static final int FAILURE = 1;

  /** Bad usage or configuration: an unknown option, a bad value, a bad config file. */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
