package dev.tierkit.mq.protocol;

import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;

/**
 * Sits behind {@link AmqpFrameDecoder} and joins each content-carrying method with the content
 * header and body frames that follow it on the same channel into one {@link ContentCommand}; every
 * other message passes through unchanged. Channels interleave freely, as the spec allows, but on
 * one channel the order must be method, header, then bodies adding up to the header's body size.
 *
 * <p>A frame out of that order (a header or body with no content pending, a method or a second
 * header before the body is complete, a body overshooting the declared size, content on channel 0)
 * is connection error 505 UNEXPECTED_FRAME, emitted as a {@link DecodeError}; everything after it
 * is dropped, as after a decoder error. A body larger than {@code maxBodySize} (default {@value
 * #DEFAULT_MAX_BODY_SIZE} bytes, RabbitMQ's default max_message_size) is refused from its header,
 * before any of it is buffered: a {@link DecodeError} 406 PRECONDITION_FAILED on that channel (a
 * channel error, as RabbitMQ raises it), and that message's frames are skipped.
 *
 * <p>Bodies are gathered in a {@code CompositeByteBuf} of the decoder's retained slices, without
 * copying; partial bodies are released when the channel closes or the handler is removed.
 */
public final class ContentAssembler extends ChannelInboundHandlerAdapter {
  public static final long DEFAULT_MAX_BODY_SIZE = 128L * 1024 * 1024;

  private final long maxBodySize;
  private final IntObjectMap<Pending> pending = new IntObjectHashMap<>();
  private boolean failed;

  public ContentAssembler() {
    this(DEFAULT_MAX_BODY_SIZE);
  }

  public ContentAssembler(long maxBodySize) {
    if (maxBodySize < 0) {
      throw new IllegalArgumentException("maxBodySize must not be negative, got " + maxBodySize);
    }
    this.maxBodySize = maxBodySize;
  }

  /** A content-carrying method waiting for its header and body on one channel. */
  private static final class Pending {
    final Method method;
    BasicProperties properties;
    long remaining = -1;
    CompositeByteBuf body;
    boolean discarding;

    Pending(Method method) {
      this.method = method;
    }

    void release() {
      if (body != null) {
        body.release();
        body = null;
      }
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (failed) {
      ReferenceCountUtil.release(msg);
      return;
    }
    if (msg instanceof MethodFrame frame) {
      onMethod(ctx, frame);
    } else if (msg instanceof ContentHeaderFrame header) {
      onHeader(ctx, header);
    } else if (msg instanceof ContentBodyFrame body) {
      onBody(ctx, body);
    } else {
      if (msg instanceof DecodeError) {
        fail();
      }
      ctx.fireChannelRead(msg);
    }
  }

  private void onMethod(ChannelHandlerContext ctx, MethodFrame frame) {
    int channel = frame.channel();
    Pending waiting = pending.get(channel);
    if (waiting != null) {
      unexpected(
          ctx,
          channel,
          frame.method(),
          "expected content "
              + (waiting.properties == null ? "header" : "body")
              + " for "
              + waiting.method
              + ", got a method frame");
      return;
    }
    if (!frame.method().hasContent()) {
      ctx.fireChannelRead(frame);
      return;
    }
    if (channel == 0) {
      unexpected(ctx, channel, frame.method(), "content-carrying method on channel 0");
      return;
    }
    pending.put(channel, new Pending(frame.method()));
  }

  private void onHeader(ChannelHandlerContext ctx, ContentHeaderFrame header) {
    int channel = header.channel();
    Pending waiting = pending.get(channel);
    if (waiting == null || waiting.properties != null) {
      unexpected(
          ctx,
          channel,
          waiting == null ? null : waiting.method,
          waiting == null
              ? "content header with no content-carrying method before it"
              : "second content header before the body was complete");
      return;
    }
    waiting.properties = header.properties();
    waiting.remaining = header.bodySize();
    if (header.bodySize() > maxBodySize) {
      waiting.discarding = true;
      ctx.fireChannelRead(
          new DecodeError(
              ReplyCode.PRECONDITION_FAILED,
              channel,
              waiting.method.classId(),
              waiting.method.methodId(),
              "message size "
                  + header.bodySize()
                  + " is larger than configured max size "
                  + maxBodySize));
    } else {
      waiting.body = ctx.alloc().compositeBuffer(Integer.MAX_VALUE);
    }
    completeIfDone(ctx, channel, waiting);
  }

  private void onBody(ChannelHandlerContext ctx, ContentBodyFrame frame) {
    int channel = frame.channel();
    Pending waiting = pending.get(channel);
    int size = frame.content().readableBytes();
    if (waiting == null || waiting.properties == null || size > waiting.remaining) {
      frame.release();
      unexpected(
          ctx,
          channel,
          waiting == null ? null : waiting.method,
          waiting == null
              ? "content body with no content-carrying method before it"
              : waiting.properties == null
                  ? "content body before the content header"
                  : "content body runs "
                      + (size - waiting.remaining)
                      + " bytes past the body size");
      return;
    }
    waiting.remaining -= size;
    if (waiting.discarding) {
      frame.release();
    } else {
      waiting.body.addComponent(true, frame.content());
    }
    completeIfDone(ctx, channel, waiting);
  }

  private void completeIfDone(ChannelHandlerContext ctx, int channel, Pending waiting) {
    if (waiting.remaining != 0) {
      return;
    }
    pending.remove(channel);
    if (!waiting.discarding) {
      ctx.fireChannelRead(
          new ContentCommand(channel, waiting.method, waiting.properties, waiting.body));
    }
  }

  private void unexpected(ChannelHandlerContext ctx, int channel, Method method, String message) {
    fail();
    ctx.fireChannelRead(
        new DecodeError(
            ReplyCode.UNEXPECTED_FRAME,
            channel,
            method == null ? 0 : method.classId(),
            method == null ? 0 : method.methodId(),
            message));
  }

  private void fail() {
    failed = true;
    releasePending();
  }

  private void releasePending() {
    for (Pending waiting : pending.values()) {
      waiting.release();
    }
    pending.clear();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releasePending();
    ctx.fireChannelInactive();
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releasePending();
  }
}
