package dev.tierkit.mq.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes {@link AmqpFrame}s and the {@link ProtocolHeader} in AMQP 0-9-1 framing. Methods and
 * content headers are written straight into one outbound buffer; a body frame's content is passed
 * on as it is between a 7-byte header and the frame-end, without a copy (its reference is handed to
 * the next handler).
 *
 * <p>The encoder does not split bodies: whoever sends content cuts it into body frames of at most
 * frame_max - 8 bytes, as the peer would reject anything larger. A method argument that cannot be
 * encoded (a shortstr over 255 bytes, a field value of no AMQP type) fails the write with an {@code
 * EncoderException} and nothing is sent. Stateless and sharable.
 */
@ChannelHandler.Sharable
public final class AmqpFrameEncoder extends MessageToMessageEncoder<Object> {
  public AmqpFrameEncoder() {
    super(Object.class);
  }

  @Override
  public boolean acceptOutboundMessage(Object msg) {
    return msg instanceof AmqpFrame || msg instanceof ProtocolHeader;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
    if (msg instanceof ContentBodyFrame body) {
      ByteBuf content = body.content();
      ByteBuf header = ctx.alloc().ioBuffer(7);
      header
          .writeByte(AmqpFrame.TYPE_BODY)
          .writeShort(body.channel())
          .writeInt(content.readableBytes());
      out.add(header);
      out.add(content.retain());
      out.add(ctx.alloc().ioBuffer(1).writeByte(AmqpFrame.FRAME_END));
      return;
    }
    ByteBuf buf = ctx.alloc().ioBuffer();
    try {
      encodeInto(msg, buf);
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
    out.add(buf);
  }

  /** Writes one frame other than a body frame, or the protocol header, at the writer index. */
  static void encodeInto(Object msg, ByteBuf buf) {
    if (msg instanceof ProtocolHeader) {
      buf.writeBytes(ProtocolHeader.BYTES);
    } else if (msg instanceof HeartbeatFrame) {
      buf.writeByte(AmqpFrame.TYPE_HEARTBEAT)
          .writeShort(0)
          .writeInt(0)
          .writeByte(AmqpFrame.FRAME_END);
    } else if (msg instanceof MethodFrame frame) {
      int sizeIndex = startFrame(buf, AmqpFrame.TYPE_METHOD, frame.channel());
      Method method = frame.method();
      buf.writeShort(method.classId()).writeShort(method.methodId());
      method.writeArguments(new ArgumentWriter(buf));
      endFrame(buf, sizeIndex);
    } else if (msg instanceof ContentHeaderFrame header) {
      int sizeIndex = startFrame(buf, AmqpFrame.TYPE_HEADER, header.channel());
      buf.writeShort(header.classId()).writeShort(0).writeLong(header.bodySize());
      header.properties().write(new ArgumentWriter(buf));
      endFrame(buf, sizeIndex);
    } else {
      throw new IllegalArgumentException("not an AMQP frame: " + msg);
    }
  }

  private static int startFrame(ByteBuf buf, int type, int channel) {
    buf.writeByte(type).writeShort(channel);
    int sizeIndex = buf.writerIndex();
    buf.writeInt(0);
    return sizeIndex;
  }

  private static void endFrame(ByteBuf buf, int sizeIndex) {
    buf.setInt(sizeIndex, buf.writerIndex() - sizeIndex - 4);
    buf.writeByte(AmqpFrame.FRAME_END);
  }
}
