package dev.tierkit.mq.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.util.Objects;

/**
 * A method that carries content ({@code basic.publish} from a client) together with its properties
 * and its whole body, as {@link ContentAssembler} puts them together from a method frame, a content
 * header and zero or more body frames. The receiver owns the body and must release it.
 */
public final class ContentCommand extends DefaultByteBufHolder {
  private final int channel;
  private final Method method;
  private final BasicProperties properties;

  public ContentCommand(int channel, Method method, BasicProperties properties, ByteBuf body) {
    super(body);
    this.channel = channel;
    this.method = Objects.requireNonNull(method, "method");
    this.properties = Objects.requireNonNull(properties, "properties");
  }

  public int channel() {
    return channel;
  }

  public Method method() {
    return method;
  }

  public BasicProperties properties() {
    return properties;
  }

  @Override
  public ContentCommand replace(ByteBuf content) {
    return new ContentCommand(channel, method, properties, content);
  }

  @Override
  public ContentCommand retain() {
    super.retain();
    return this;
  }

  @Override
  public ContentCommand touch(Object hint) {
    super.touch(hint);
    return this;
  }

  @Override
  public String toString() {
    return "ContentCommand(channel="
        + channel
        + ", "
        + method
        + ", "
        + content().readableBytes()
        + " bytes)";
  }
}
