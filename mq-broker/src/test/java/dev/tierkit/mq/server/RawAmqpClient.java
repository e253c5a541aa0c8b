package dev.tierkit.mq.server;

import dev.tierkit.mq.protocol.AmqpFrameDecoder;
import dev.tierkit.mq.protocol.AmqpFrameEncoder;
import dev.tierkit.mq.protocol.ConnectionMethod;
import dev.tierkit.mq.protocol.MethodFrame;
import dev.tierkit.mq.protocol.ProtocolHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * A blocking AMQP client over a plain socket for tests that must send what no client library would
 * (garbage, oversized frames, silence instead of heartbeats). Frames are encoded and decoded with
 * the broker's own codec in {@link EmbeddedChannel}s.
 */
final class RawAmqpClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final EmbeddedChannel encoder = new EmbeddedChannel(new AmqpFrameEncoder());
  private final EmbeddedChannel decoder = new EmbeddedChannel(new AmqpFrameDecoder());
  private final ArrayDeque<Object> received = new ArrayDeque<>();

  RawAmqpClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
    // The decoder expects a protocol header first, as the broker's does.
    decoder.writeInbound(Unpooled.wrappedBuffer(ProtocolHeader.bytes()));
    ReferenceCountUtil.release(decoder.readInbound());
  }

  /** Protocol header, start-ok (guest), tune-ok with {@code heartbeat}, open of vhost "/". */
  void handshake(int heartbeat) throws IOException {
    writeRaw(ProtocolHeader.bytes());
    expect(ConnectionMethod.Start.class);
    send(
        0,
        new ConnectionMethod.StartOk(
            Map.of("capabilities", Map.of("authentication_failure_close", true)),
            "PLAIN",
            new AsciiString("\0guest\0guest"),
            "en_US"));
    ConnectionMethod.Tune tune = expect(ConnectionMethod.Tune.class);
    send(0, new ConnectionMethod.TuneOk(tune.channelMax(), tune.frameMax(), heartbeat));
    send(0, new ConnectionMethod.Open("/"));
    expect(ConnectionMethod.OpenOk.class);
  }

  void send(int channel, dev.tierkit.mq.protocol.Method method) throws IOException {
    sendFrame(new MethodFrame(channel, method));
  }

  void sendFrame(Object frame) throws IOException {
    encoder.writeOutbound(frame);
    ByteBuf buf;
    while ((buf = encoder.readOutbound()) != null) {
      try {
        writeRaw(ByteBufUtil.getBytes(buf));
      } finally {
        buf.release();
      }
    }
  }

  void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** The next decoded frame or error, or null when the broker closed the socket. */
  Object next() throws IOException {
    while (received.isEmpty()) {
      byte[] chunk = new byte[4096];
      int n;
      try {
        n = in.read(chunk);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("nothing from the broker within 10 s", e);
      }
      if (n < 0) {
        return null;
      }
      decoder.writeInbound(Unpooled.wrappedBuffer(chunk, 0, n));
      Object msg;
      while ((msg = decoder.readInbound()) != null) {
        received.add(msg);
      }
    }
    return received.poll();
  }

  /** The next method of the given type, skipping heartbeats. */
  <T> T expect(Class<T> type) throws IOException {
    while (true) {
      Object frame = next();
      if (frame == null) {
        throw new AssertionError(
            "the broker closed the connection; expected " + type.getSimpleName());
      }
      if (frame instanceof MethodFrame method && type.isInstance(method.method())) {
        return type.cast(method.method());
      }
      if (!(frame instanceof dev.tierkit.mq.protocol.HeartbeatFrame)) {
        throw new AssertionError("expected " + type.getSimpleName() + " but got " + frame);
      }
    }
  }

  /** True once the broker has closed the socket (reads until end of stream, within 10 s). */
  boolean closedByBroker() throws IOException {
    while (true) {
      Object frame = next();
      if (frame == null) {
        return true;
      }
      ReferenceCountUtil.release(frame);
    }
  }

  @Override
  public void close() throws IOException {
    received.forEach(ReferenceCountUtil::release);
    encoder.finishAndReleaseAll();
    decoder.finishAndReleaseAll();
    socket.close();
  }
}
