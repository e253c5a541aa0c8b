package dev.tierkit.cache.protocol;

/**
 * A request the decoder refused, carrying memcached's reply for it.
 *
 * @param reply the reply line without CRLF ({@code ERROR}, {@code CLIENT_ERROR ...}); empty for
 *     none
 * @param close whether the connection must be closed after the reply (over-long lines, binary
 *     protocol)
 */
public record InvalidCommand(String reply, boolean close) implements MemcacheCommand {
  static final InvalidCommand ERROR = new InvalidCommand("ERROR", false);
  static final InvalidCommand BAD_FORMAT =
      new InvalidCommand("CLIENT_ERROR bad command line format", false);
  static final InvalidCommand BAD_DATA_CHUNK =
      new InvalidCommand("CLIENT_ERROR bad data chunk", false);

  static InvalidCommand clientError(String message) {
    return new InvalidCommand("CLIENT_ERROR " + message, false);
  }

  /** A refused command whose reply {@code noreply} suppresses, as memcached does. */
  static final InvalidCommand SILENT = new InvalidCommand("", false);

  /** A silent close: memcached closes without a word on an over-long line. */
  static final InvalidCommand CLOSE = new InvalidCommand("", true);
}
