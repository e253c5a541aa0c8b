package dev.tierkit.cache.protocol;

import java.nio.charset.StandardCharsets;

/** memcached's fixed reply lines, CRLF included, encoded once. */
final class Replies {
  static final byte[] STORED = line("STORED");
  static final byte[] NOT_STORED = line("NOT_STORED");
  static final byte[] EXISTS = line("EXISTS");
  static final byte[] NOT_FOUND = line("NOT_FOUND");
  static final byte[] DELETED = line("DELETED");
  static final byte[] TOUCHED = line("TOUCHED");
  static final byte[] END = line("END");
  static final byte[] OK = line("OK");
  static final byte[] RESET = line("RESET");
  static final byte[] MN = line("MN");
  static final byte[] EN = line("EN");
  static final byte[] TOO_LARGE = line("SERVER_ERROR object too large for cache");
  static final byte[] NO_MEMORY = line("SERVER_ERROR out of memory storing object");
  static final byte[] NON_NUMERIC =
      line("CLIENT_ERROR cannot increment or decrement non-numeric value");
  static final byte[] SHUTDOWN_DISABLED = line("ERROR: shutdown not enabled");
  static final byte[] ERROR = line("ERROR");
  static final byte[] VALUE = "VALUE ".getBytes(StandardCharsets.US_ASCII);

  private Replies() {}

  private static byte[] line(String text) {
    return (text + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }
}
