package dev.tierkit.mq.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;

/**
 * The broker side of AMQP 0-9-1 framing: checks the protocol header, then splits the stream into
 * frames and decodes each into a typed message.
 *
 * <p>Emits {@link ProtocolHeader#INSTANCE} once, then {@link MethodFrame}, {@link
 * ContentHeaderFrame}, {@link ContentBodyFrame} (a retained slice the receiver must release) and
 * {@link HeartbeatFrame}. A connection that opens with anything other than {@code AMQP 0 0 9 1} is
 * answered with our header and closed, as the spec asks; nothing is emitted for it. Malformed input
 * produces one {@link DecodeError} and every later byte is discarded, so the connection handler can
 * send {@code connection.close} with the error's code and close.
 *
 * <p>Limits ({@link CodecLimits}): a frame larger than frame_max (default 131072 bytes, overhead
 * included) is 501 FRAME_ERROR, detected from the 7-byte frame header before the payload is
 * buffered; a frame-end other than 0xCE, an unknown frame type, or a heartbeat with a payload or on
 * a channel other than 0 is 501; malformed arguments, truncated or over-deep field tables and
 * lengths that run past the frame are 502 SYNTAX_ERROR; an unknown class or method id is 540
 * NOT_IMPLEMENTED; a content header whose class is not basic, or whose weight is not 0, is 503
 * COMMAND_INVALID. Frame ordering (a body without a header, a method in the middle of content) is
 * the connection handler's to check (505 UNEXPECTED_FRAME): it needs per-channel state this decoder
 * does not keep.
 */
public final class AmqpFrameDecoder extends ByteToMessageDecoder {
  private static final int FRAME_HEADER_SIZE = 7;

  private enum State {
    PROTOCOL_HEADER,
    FRAME_HEADER,
    FRAME_PAYLOAD,
    FAILED
  }

  private CodecLimits limits;
  private State state = State.PROTOCOL_HEADER;
  private int frameType;
  private int frameChannel;
  private int payloadSize;

  /** A decoder with RabbitMQ's default limits. */
  public AmqpFrameDecoder() {
    this(CodecLimits.defaults());
  }

  public AmqpFrameDecoder(CodecLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Applies the frame_max agreed in {@code connection.tune-ok} to frames not yet started. Call it
   * on the channel's event loop.
   */
  public void frameMax(int frameMax) {
    limits = limits.withFrameMax(frameMax);
  }

  /** The limits now in force. */
  public CodecLimits limits() {
    return limits;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    switch (state) {
      case PROTOCOL_HEADER:
        if (!readProtocolHeader(ctx, in, out)) {
          return;
        }
        state = State.FRAME_HEADER;
      // fall through
      case FRAME_HEADER:
        if (in.readableBytes() < FRAME_HEADER_SIZE) {
          return;
        }
        frameType = in.readUnsignedByte();
        frameChannel = in.readUnsignedShort();
        long size = in.readUnsignedInt();
        long maxPayload = (long) limits.frameMax() - AmqpFrame.OVERHEAD;
        if (size > maxPayload) {
          fail(
              in,
              out,
              new DecodeError(
                  ReplyCode.FRAME_ERROR,
                  frameChannel,
                  0,
                  0,
                  "type "
                      + frameType
                      + ", all octets = <<>>: {frame_too_large,"
                      + size
                      + ","
                      + maxPayload
                      + "}"));
          return;
        }
        payloadSize = (int) size;
        state = State.FRAME_PAYLOAD;
      // fall through
      case FRAME_PAYLOAD:
        if (in.readableBytes() < payloadSize + 1) {
          return;
        }
        int frameEnd = in.getUnsignedByte(in.readerIndex() + payloadSize);
        if (frameEnd != AmqpFrame.FRAME_END) {
          fail(
              in,
              out,
              new DecodeError(
                  ReplyCode.FRAME_ERROR,
                  frameChannel,
                  0,
                  0,
                  "type "
                      + frameType
                      + ", all octets = "
                      + erlangBinary(in, in.readerIndex(), payloadSize)
                      + ": {invalid_frame_end_marker,"
                      + frameEnd
                      + "}"));
          return;
        }
        Object frame = decodeFrame(in);
        in.skipBytes(1);
        out.add(frame);
        state = frame instanceof DecodeError ? State.FAILED : State.FRAME_HEADER;
        if (state == State.FAILED) {
          in.skipBytes(in.readableBytes());
        }
        return;
      case FAILED:
        in.skipBytes(in.readableBytes());
        return;
      default:
        throw new IllegalStateException("unknown state " + state);
    }
  }

  /**
   * Checks the protocol header as its bytes arrive, so a wrong one is refused at its first wrong
   * byte rather than after eight.
   */
  private boolean readProtocolHeader(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int available = Math.min(in.readableBytes(), ProtocolHeader.BYTES.length);
    for (int i = 0; i < available; i++) {
      if (in.getByte(in.readerIndex() + i) != ProtocolHeader.BYTES[i]) {
        in.skipBytes(in.readableBytes());
        state = State.FAILED;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(ProtocolHeader.bytes()))
            .addListener(ChannelFutureListener.CLOSE);
        return false;
      }
    }
    if (available < ProtocolHeader.BYTES.length) {
      return false;
    }
    in.skipBytes(ProtocolHeader.BYTES.length);
    out.add(ProtocolHeader.INSTANCE);
    return true;
  }

  /** Decodes the payload at the reader index and leaves the reader index at the frame-end. */
  private Object decodeFrame(ByteBuf in) {
    int start = in.readerIndex();
    ByteBuf payload = in.slice(start, payloadSize);
    in.readerIndex(start + payloadSize);
    switch (frameType) {
      case AmqpFrame.TYPE_METHOD:
        return decodeMethod(payload);
      case AmqpFrame.TYPE_HEADER:
        return decodeContentHeader(payload);
      case AmqpFrame.TYPE_BODY:
        return new ContentBodyFrame(frameChannel, payload.retain());
      case AmqpFrame.TYPE_HEARTBEAT:
        if (frameChannel != 0 || payloadSize != 0) {
          return frameError(
              "heartbeat frame on channel "
                  + frameChannel
                  + " with "
                  + payloadSize
                  + " payload bytes; heartbeats are empty and on channel 0");
        }
        return HeartbeatFrame.INSTANCE;
      default:
        return frameError("unknown frame type " + frameType);
    }
  }

  private Object decodeMethod(ByteBuf payload) {
    int classId = payload.readableBytes() >= 2 ? payload.getUnsignedShort(0) : 0;
    int methodId = payload.readableBytes() >= 4 ? payload.getUnsignedShort(2) : 0;
    try {
      Method method = MethodDecoder.decode(new ArgumentReader(payload, limits.maxTableDepth()));
      return new MethodFrame(frameChannel, method);
    } catch (AmqpDecodeException e) {
      return new DecodeError(e.replyCode(), frameChannel, classId, methodId, e.getMessage());
    }
  }

  private Object decodeContentHeader(ByteBuf payload) {
    ArgumentReader reader = new ArgumentReader(payload, limits.maxTableDepth());
    int classId = 0;
    try {
      classId = reader.shortUint();
      int weight = reader.shortUint();
      long bodySize = reader.longLong();
      if (classId != BasicMethod.CLASS_ID) {
        return new DecodeError(
            ReplyCode.COMMAND_INVALID,
            frameChannel,
            classId,
            0,
            "content header for class " + classId + ", which has no content");
      }
      if (weight != 0) {
        return new DecodeError(
            ReplyCode.COMMAND_INVALID, frameChannel, classId, 0, "content weight must be 0");
      }
      if (bodySize < 0) {
        return new DecodeError(
            ReplyCode.SYNTAX_ERROR, frameChannel, classId, 0, "negative body size " + bodySize);
      }
      BasicProperties properties = BasicProperties.read(reader);
      if (reader.isReadable()) {
        throw ArgumentReader.syntax(
            reader.readableBytes() + " unexpected bytes after the basic properties");
      }
      return new ContentHeaderFrame(frameChannel, classId, bodySize, properties);
    } catch (AmqpDecodeException e) {
      return new DecodeError(e.replyCode(), frameChannel, classId, 0, e.getMessage());
    }
  }

  private DecodeError frameError(String message) {
    return new DecodeError(ReplyCode.FRAME_ERROR, frameChannel, 0, 0, message);
  }

  private void fail(ByteBuf in, List<Object> out, DecodeError error) {
    in.skipBytes(in.readableBytes());
    state = State.FAILED;
    out.add(error);
  }

  /**
   * The payload as Erlang prints a binary ({@code <<0,20,0,10>>}), which is how RabbitMQ words
   * frame errors; at most 64 octets, so the reply text stays within its 255 bytes.
   */
  private static String erlangBinary(ByteBuf in, int from, int length) {
    StringBuilder out = new StringBuilder("<<");
    int shown = Math.min(length, 64);
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(in.getUnsignedByte(from + i));
    }
    return out.append(">>").toString();
  }
}
