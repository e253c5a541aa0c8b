package dev.tierkit.dist;

import dev.tierkit.common.cli.CommandLines;

/** Entry point of {@code tierkit.jar}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(CommandLines.execute(new TierkitCommand(), args));
  }
}
