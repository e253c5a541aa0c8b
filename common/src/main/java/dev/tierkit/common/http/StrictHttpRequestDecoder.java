package dev.tierkit.common.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Netty's {@link HttpRequestDecoder} with the limits of {@link HttpLimits} and the two checks it
 * lacks for a proxy: obsolete line folding and repeated Content-Length in HTTP/1.0.
 *
 * <p>Limits: the request line is at most {@link HttpLimits#maxRequestLine()} bytes ({@code
 * TooLongHttpLineException}, answered 414 by {@link RequestValidator}), all header lines together
 * at most {@link HttpLimits#maxHeaderSize()} bytes ({@code TooLongHttpHeaderException}, 431);
 * bodies are emitted as {@link HttpContent}s of at most {@value #MAX_CHUNK_SIZE} bytes (slices of
 * the input, not copies). Header names and values are validated.
 *
 * <p>What Netty 4.2 refuses on its own (a request with a failed {@link DecoderResult}):
 * Content-Length together with Transfer-Encoding, Transfer-Encoding in HTTP/1.0, a final transfer
 * coding other than chunked, repeated or list-valued Content-Length in HTTP/1.1, a Content-Length
 * that is not a non-negative decimal, invalid characters in header names (including whitespace
 * before the colon) and values (CTLs, a lone CR), and a LF not preceded by CR. What this class
 * adds, also as a failed result: {@link ObsFoldException} for a head line that starts with SP or HT
 * (Netty folds it into the previous value), and {@link DuplicateContentLengthException} for a
 * second Content-Length line in any version (Netty keeps the first one of an HTTP/1.0 request).
 *
 * <p>A body is counted as it streams: once a request's body passes {@link HttpLimits#maxBodySize()}
 * (when not 0), the content that crosses the limit is replaced by a {@link LastHttpContent} failed
 * with {@link BodyTooLargeException} ({@link RequestValidator#checkContent} gives 413). That
 * matters for chunked bodies; a Content-Length over the limit is refused at the head by {@link
 * RequestValidator#check}.
 *
 * <p>After a failed request or a failed content, nothing more is emitted: the rest of the
 * connection's input is discarded, as Netty does after its own failures. The handler answers with
 * the validator's status (if it has not answered yet) and closes the connection.
 *
 * <p>Trailer lines of a chunked body are not checked for folding: Netty joins them, and as the
 * proxy re-encodes every header it forwards, no folded line reaches a backend.
 */
public final class StrictHttpRequestDecoder extends HttpRequestDecoder {
  /**
   * The largest body piece emitted, in bytes: a TLS record's payload size, so a decrypted read is
   * rarely cut in two, and the size of a backend socket write worth making on its own.
   */
  public static final int MAX_CHUNK_SIZE = 16 * 1024;

  private enum Phase {
    /** Between requests or inside a request's head: consumed bytes are scanned. */
    HEAD,
    /** Inside a body: consumed bytes are the client's payload and never scanned. */
    BODY,
    /** After a failed message: everything is dropped until the connection closes. */
    DISCARD
  }

  private final HeadScanner scanner = new HeadScanner();
  private final long maxBodySize;
  private Phase phase = Phase.HEAD;
  private long bodyBytes;
  private volatile boolean resetPending;

  public StrictHttpRequestDecoder(HttpLimits limits) {
    super(
        new HttpDecoderConfig()
            .setMaxInitialLineLength(limits.maxRequestLine())
            .setMaxHeaderSize(limits.maxHeaderSize())
            .setMaxChunkSize(MAX_CHUNK_SIZE)
            .setValidateHeaders(true));
    this.maxBodySize = limits.maxBodySize();
  }

  /*
   * Why scanning what super.decode consumed is enough: HttpObjectDecoder returns from decode right
   * after it emits a request head (with or without the empty last content of a bodiless request),
   * and right after a body's last content, so the bytes consumed by one call started in the HEAD
   * phase all belong to the leading empty lines and the head of one request. However Netty's
   * parsers take a head in (a line at a time or in pieces), the scanner carries its state across
   * calls, so a head fed a byte at a time is scanned the same as one in a single buffer.
   */
  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    if (phase == Phase.DISCARD) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (resetPending) {
      resetPending = false;
      startMessage();
    }
    boolean inHead = phase == Phase.HEAD;
    int start = in.readerIndex();
    int first = out.size();
    super.decode(ctx, in, out);
    int consumed = in.readerIndex() - start;
    if (inHead && consumed > 0 && scanner.violation == null) {
      in.forEachByte(start, consumed, scanner);
    }
    for (int i = first; i < out.size(); i++) {
      Object message = out.get(i);
      if (message instanceof HttpRequest request) {
        if (request.decoderResult().isFailure()) {
          discard(in);
          return;
        }
        if (scanner.violation != null) {
          request.setDecoderResult(DecoderResult.failure(scanner.violation));
          dropFrom(out, i + 1);
          discard(in);
          return;
        }
        phase = Phase.BODY;
        bodyBytes = 0;
      }
      if (message instanceof HttpContent content) {
        if (content.decoderResult().isFailure()) {
          discard(in);
          return;
        }
        bodyBytes += content.content().readableBytes();
        if (maxBodySize > 0 && bodyBytes > maxBodySize) {
          dropFrom(out, i);
          LastHttpContent tooLarge = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
          tooLarge.setDecoderResult(DecoderResult.failure(new BodyTooLargeException(maxBodySize)));
          out.add(tooLarge);
          discard(in);
          return;
        }
        if (message instanceof LastHttpContent) {
          startMessage();
        }
      }
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out)
      throws Exception {
    if (phase == Phase.DISCARD) {
      in.skipBytes(in.readableBytes());
      return;
    }
    super.decodeLast(ctx, in, out);
  }

  /** Also restarts the head checks, as the next bytes begin a new request. */
  @Override
  public void reset() {
    super.reset();
    resetPending = true;
  }

  private void startMessage() {
    phase = Phase.HEAD;
    scanner.clear();
  }

  private void discard(ByteBuf in) {
    phase = Phase.DISCARD;
    in.skipBytes(in.readableBytes());
  }

  private static void dropFrom(List<Object> out, int index) {
    while (out.size() > index) {
      ReferenceCountUtil.release(out.remove(out.size() - 1));
    }
  }

  /**
   * Looks at a head's bytes once, in order: a line (after the request line) that starts with SP or
   * HT is a fold; a line that starts with {@code content-length:} (any case; Netty refuses
   * whitespace before the colon) is counted. Leading whitespace and control bytes before the
   * request line are the empty lines Netty skips between requests and are not lines of the head.
   */
  private static final class HeadScanner implements ByteProcessor {
    private static final byte[] CONTENT_LENGTH = {
      'c', 'o', 'n', 't', 'e', 'n', 't', '-', 'l', 'e', 'n', 'g', 't', 'h'
    };

    private boolean started;
    private boolean afterLineFeed;
    private int nameMatched = -1;
    private int contentLengths;
    private DecoderException violation;

    void clear() {
      started = false;
      afterLineFeed = false;
      nameMatched = -1;
      contentLengths = 0;
      violation = null;
    }

    @Override
    public boolean process(byte b) {
      if (!started) {
        if ((b & 0xff) <= ' ' || b == 0x7f) {
          return true;
        }
        started = true;
      }
      if (afterLineFeed) {
        afterLineFeed = false;
        if (b == ' ' || b == '\t') {
          violation = new ObsFoldException();
          return false;
        }
        nameMatched = 0;
      }
      if (b == '\n') {
        afterLineFeed = true;
        nameMatched = -1;
        return true;
      }
      if (nameMatched >= 0) {
        if (nameMatched == CONTENT_LENGTH.length) {
          nameMatched = -1;
          if (b == ':' && ++contentLengths > 1) {
            violation = new DuplicateContentLengthException();
            return false;
          }
        } else if (lowerCase(b) == CONTENT_LENGTH[nameMatched]) {
          nameMatched++;
        } else {
          nameMatched = -1;
        }
      }
      return true;
    }

    private static byte lowerCase(byte b) {
      return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
  }
}
