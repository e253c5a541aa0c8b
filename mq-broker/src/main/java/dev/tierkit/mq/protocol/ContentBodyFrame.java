package dev.tierkit.mq.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A content body frame: a slice of a message body. The decoder hands over a retained slice of the
 * input, without copying; whoever receives the frame owns it and must release it (or pass it on
 * with a write, which releases it after encoding).
 */
public final class ContentBodyFrame extends DefaultByteBufHolder implements AmqpFrame {
  private final int channel;

  public ContentBodyFrame(int channel, ByteBuf content) {
    super(content);
    if (channel < 0 || channel > 0xFFFF) {
      throw new IllegalArgumentException("channel must be 0..65535, got " + channel);
    }
    this.channel = channel;
  }

  @Override
  public int channel() {
    return channel;
  }

  @Override
  public ContentBodyFrame replace(ByteBuf content) {
    return new ContentBodyFrame(channel, content);
  }

  @Override
  public ContentBodyFrame retain() {
    super.retain();
    return this;
  }

  @Override
  public ContentBodyFrame touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return "ContentBodyFrame(channel=" + channel + ", " + content().readableBytes() + " bytes)";
  }
}
