package dev.tierkit.cache.protocol;

import dev.tierkit.cache.protocol.CacheMetrics.Stat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection's terminal handler: runs each command through the {@link CommandExecutor} and
 * appends its reply to one outbound buffer per read batch, written and flushed once in {@code
 * channelReadComplete}, so a pipelined batch costs one flush. Replies keep request order.
 *
 * <p>A buffer that grows past {@link #WRITE_THRESHOLD} (256 KiB) is handed to the channel early
 * (written, not flushed) so a large batch does not keep one huge buffer. When the channel stops
 * being writable, reading pauses until it drains (a client that pipelines without reading cannot
 * make the server buffer without bound).
 *
 * <p>Ownership: commands are released after execution ({@link SimpleChannelInboundHandler}); the
 * pending buffer passes to the channel with the write, or is released when the channel closes.
 * {@code quit} and the decoder's closing errors flush what is pending, then close. A failing
 * command is answered {@code SERVER_ERROR} and logged; it never reaches the event loop.
 */
public final class MemcacheHandler extends SimpleChannelInboundHandler<MemcacheCommand> {
  /** Pending reply bytes after which the buffer is written before the batch ends. */
  static final int WRITE_THRESHOLD = 256 * 1024;

  private static final Logger log = LoggerFactory.getLogger(MemcacheHandler.class);

  private final CommandExecutor executor;
  private ByteBuf pending;
  private boolean closing;

  public MemcacheHandler(CommandExecutor executor) {
    this.executor = executor;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, MemcacheCommand command) {
    if (closing) {
      return;
    }
    if (command == ControlCommand.QUIT
        || (command instanceof InvalidCommand invalid && invalid.close())) {
      closing = true;
      writePending(ctx);
      ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (pending == null) {
      pending = ctx.alloc().ioBuffer();
    }
    int mark = pending.writerIndex();
    try {
      executor.execute(command, pending);
    } catch (RuntimeException e) {
      log.warn("command failed on {}: {}", ctx.channel().remoteAddress(), command, e);
      pending.writerIndex(mark);
      Ascii.writeLine(pending, "SERVER_ERROR " + e.getClass().getSimpleName());
    }
    if (pending.readableBytes() >= WRITE_THRESHOLD) {
      writePending(ctx);
    }
  }

  private void writePending(ChannelHandlerContext ctx) {
    if (pending == null) {
      return;
    }
    ByteBuf buffer = pending;
    pending = null;
    if (!buffer.isReadable()) {
      buffer.release();
      return;
    }
    executor.metrics().add(Stat.BYTES_WRITTEN, buffer.readableBytes());
    ctx.write(buffer, ctx.voidPromise());
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    writePending(ctx);
    ctx.flush();
    if (!ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      ctx.channel().config().setAutoRead(true);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (pending != null) {
      pending.release();
      pending = null;
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("closing {} after an error", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
