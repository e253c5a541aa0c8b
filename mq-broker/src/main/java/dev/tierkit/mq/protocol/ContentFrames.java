package dev.tierkit.mq.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes a content-carrying method (a delivery, a get-ok, a return) with its content header and
 * body frames into one outbound buffer, so a delivery costs one buffer and one write instead of
 * three frames through the encoder. Bodies are cut into frames of at most {@code frameMax - 8}
 * bytes, as the peer requires.
 */
public final class ContentFrames {
  private ContentFrames() {}

  /**
   * The frames for {@code method}, its properties and {@code body}, in a buffer the caller owns.
   */
  public static ByteBuf encode(
      ByteBufAllocator alloc,
      int channel,
      Method method,
      BasicProperties properties,
      byte[] body,
      int frameMax) {
    int chunk = frameMax - AmqpFrame.OVERHEAD;
    int frames = body.length == 0 ? 0 : (body.length + chunk - 1) / chunk;
    ByteBuf out = alloc.ioBuffer(128 + body.length + frames * AmqpFrame.OVERHEAD);
    try {
      AmqpFrameEncoder.encodeInto(new MethodFrame(channel, method), out);
      AmqpFrameEncoder.encodeInto(ContentHeaderFrame.basic(channel, body.length, properties), out);
      for (int offset = 0; offset < body.length; offset += chunk) {
        int length = Math.min(chunk, body.length - offset);
        out.writeByte(AmqpFrame.TYPE_BODY).writeShort(channel).writeInt(length);
        out.writeBytes(body, offset, length);
        out.writeByte(AmqpFrame.FRAME_END);
      }
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }
}
