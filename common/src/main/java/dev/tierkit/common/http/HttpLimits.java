package dev.tierkit.common.http;

/**
 * Size limits on client requests; each maps to its HTTP status.
 *
 * @param maxRequestLine the request line in bytes (default 8 KiB): 414 beyond it
 * @param maxHeaderSize all header lines together in bytes (default 16 KiB): 431 beyond it
 * @param maxBodySize a request body in bytes (default 64 MiB; 0 = no limit): 413 beyond it, from
 *     Content-Length before anything is sent, or while a chunked body streams
 */
public record HttpLimits(int maxRequestLine, int maxHeaderSize, long maxBodySize) {
  public static final HttpLimits DEFAULTS = new HttpLimits(8192, 16384, 64L << 20);

  public HttpLimits {
    if (maxRequestLine < 64) {
      throw new IllegalArgumentException("maxRequestLine must be >= 64, got " + maxRequestLine);
    }
    if (maxHeaderSize < 256) {
      throw new IllegalArgumentException("maxHeaderSize must be >= 256, got " + maxHeaderSize);
    }
    if (maxBodySize < 0) {
      throw new IllegalArgumentException(
          "maxBodySize must be >= 0 (0 = no limit), got " + maxBodySize);
    }
  }
}
