package dev.tierkit.cache.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes memcached's text and meta protocol into {@link MemcacheCommand}s, one per line (plus its
 * data block), resumable at any byte boundary.
 *
 * <p>States, in protocol order: {@code FIRST_BYTE} (binary protocol detection), {@code LINE} (a
 * command line up to {@code \n}, a trailing {@code \r} dropped), {@code DATA} (a storage command's
 * block of the declared length and its CRLF), {@code SWALLOW} (a refused block skipped as it
 * arrives, so an oversized declared length is never buffered), {@code CLOSED}.
 *
 * <p>Limits ({@link ProtocolConfig}): a line longer than {@code maxLineLength} (default 2048)
 * closes the connection without reply, as memcached does when 2048 bytes arrive without a newline,
 * except {@code get gets gat gats} lines, which may grow to {@code maxMultigetLineLength} (default
 * 1 MiB). Unlike memcached, which reads up to 16 KiB at once and then serves a long line whose
 * newline happened to arrive with it, the limit here holds whatever the segmentation. Keys longer
 * than {@code maxKeyLength} (250) or holding a NUL byte give {@code CLIENT_ERROR bad command line
 * format}; a data block over {@code maxValueLength} (1 MiB) gives {@code SERVER_ERROR object too
 * large for cache} and is skipped. A data block not followed by CRLF gives {@code CLIENT_ERROR bad
 * data chunk}; as in memcached, the bytes after the declared length are then read as the next line.
 *
 * <p>The binary protocol (first byte 0x80) is not implemented: the connection is logged and closed.
 *
 * <p>Buffer ownership: data blocks leave as retained slices of the cumulation buffer inside {@link
 * StorageCommand} and {@link MetaCommand}; the receiver releases them. Nothing else is retained.
 */
public final class MemcacheDecoder extends ByteToMessageDecoder {
  private static final Logger log = LoggerFactory.getLogger(MemcacheDecoder.class);
  private static final byte BINARY_MAGIC = (byte) 0x80;
  private static final int SHRINK_ABOVE = 64 * 1024;

  private enum State {
    FIRST_BYTE,
    LINE,
    DATA,
    SWALLOW,
    CLOSED
  }

  private final ProtocolConfig config;
  private final LineParser parser;
  private final Tokens tokens = new Tokens();
  private byte[] lineBuffer = new byte[256];
  private State state = State.FIRST_BYTE;
  private int searched;
  private long toSwallow;

  public MemcacheDecoder(ProtocolConfig config) {
    this.config = config;
    this.parser = new LineParser(config);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    switch (state) {
      case FIRST_BYTE -> {
        if (in.getByte(in.readerIndex()) == BINARY_MAGIC) {
          log.info(
              "closing {}: binary memcached protocol is not supported, use text or meta",
              ctx.channel().remoteAddress());
          close(in, out);
          return;
        }
        state = State.LINE;
        decodeLine(in, out);
      }
      case LINE -> decodeLine(in, out);
      case DATA -> decodeData(in, out);
      case SWALLOW -> {
        int skip = (int) Math.min(in.readableBytes(), toSwallow);
        in.skipBytes(skip);
        toSwallow -= skip;
        if (toSwallow == 0) {
          state = State.LINE;
        }
      }
      case CLOSED -> in.skipBytes(in.readableBytes());
    }
  }

  private void decodeLine(ByteBuf in, List<Object> out) {
    int start = in.readerIndex();
    int readable = in.readableBytes();
    int eol = in.indexOf(start + searched, start + readable, (byte) '\n');
    if (eol < 0) {
      searched = readable;
      if (readable > limitFor(in)) {
        close(in, out);
      }
      return;
    }
    searched = 0;
    int length = eol - start;
    if (length > limitFor(in)) {
      close(in, out);
      return;
    }
    if (length > 0 && in.getByte(eol - 1) == '\r') {
      length--;
    }
    if (lineBuffer.length < length) {
      lineBuffer = new byte[Math.max(length, lineBuffer.length * 2)];
    }
    in.getBytes(start, lineBuffer, 0, length);
    in.readerIndex(eol + 1);
    tokens.split(lineBuffer, length);
    MemcacheCommand command = parser.parse(tokens);
    if (lineBuffer.length > SHRINK_ABOVE) {
      // A long multiget line should not pin its buffer for the connection's life.
      lineBuffer = new byte[256];
    }
    if (command != null) {
      out.add(command);
    } else if (parser.swallowReply != null) {
      out.add(parser.swallowReply);
      toSwallow = parser.dataLength + 2L;
      state = State.SWALLOW;
    } else {
      state = State.DATA;
    }
  }

  /**
   * How long the line at the reader index may grow: longer for multi-key retrievals. memcached lets
   * only get and gets grow; gat and gats are let through too, as their key lists are as long.
   */
  private int limitFor(ByteBuf in) {
    int i = in.readerIndex();
    int end = in.writerIndex();
    while (i < end && i - in.readerIndex() <= 100 && in.getByte(i) == ' ') {
      i++;
    }
    if (startsWith(in, i, "get ")
        || startsWith(in, i, "gets ")
        || startsWith(in, i, "gat ")
        || startsWith(in, i, "gats ")) {
      return config.maxMultigetLineLength();
    }
    return config.maxLineLength();
  }

  private static boolean startsWith(ByteBuf in, int at, String prefix) {
    if (in.writerIndex() - at < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (in.getByte(at + i) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private void decodeData(ByteBuf in, List<Object> out) {
    int length = parser.dataLength;
    if (in.readableBytes() < length + 2L) {
      return;
    }
    state = State.LINE;
    int end = in.readerIndex() + length;
    boolean terminated = in.getByte(end) == '\r' && in.getByte(end + 1) == '\n';
    if (!terminated) {
      in.skipBytes(length + 2);
      boolean quiet = parser.metaType == null && parser.noreply;
      out.add(quiet ? InvalidCommand.SILENT : InvalidCommand.BAD_DATA_CHUNK);
      return;
    }
    ByteBuf data = in.readRetainedSlice(length);
    in.skipBytes(2);
    if (parser.metaType != null) {
      out.add(new MetaCommand(parser.metaType, parser.key, parser.wireKey, parser.metaFlags, data));
    } else {
      out.add(
          new StorageCommand(
              parser.storageType,
              parser.key,
              parser.flags,
              parser.exptime,
              parser.cas,
              parser.noreply,
              data));
    }
  }

  private void close(ByteBuf in, List<Object> out) {
    state = State.CLOSED;
    in.skipBytes(in.readableBytes());
    out.add(InvalidCommand.CLOSE);
  }
}
