package dev.tierkit.bench.mq;

import dev.tierkit.mq.protocol.AmqpFrameDecoder;
import dev.tierkit.mq.protocol.AmqpFrameEncoder;
import dev.tierkit.mq.protocol.BasicMethod;
import dev.tierkit.mq.protocol.BasicProperties;
import dev.tierkit.mq.protocol.CodecLimits;
import dev.tierkit.mq.protocol.ContentAssembler;
import dev.tierkit.mq.protocol.ContentBodyFrame;
import dev.tierkit.mq.protocol.ContentFrames;
import dev.tierkit.mq.protocol.ContentHeaderFrame;
import dev.tierkit.mq.protocol.MethodFrame;
import dev.tierkit.mq.protocol.ProtocolHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Question: what does a published message cost to decode (method, content header and body frames
 * through {@link AmqpFrameDecoder} and {@link ContentAssembler} into one command), and a delivery
 * to encode ({@link ContentFrames#encode}: deliver method, header and body frames into one buffer)?
 * Baselines: Netty's {@link LengthFieldBasedFrameDecoder} cutting the same bytes into frames
 * without parsing them, and a plain copy of the body into a pooled buffer, the floors for framing
 * and for writing a delivery.
 *
 * <p>Each decode invocation hands the pipeline one pooled direct buffer holding {@value #BATCH}
 * publishes back to back, as a pipelining publisher's read would; scores are per message.
 *
 * <p>Run: {@code bench/jmh AmqpFrameBenchmark} ({@code -p bodySize=1024} for one size).
 *
 * <p>What could make the numbers lie: the pipeline runs in an {@link EmbeddedChannel} whose
 * per-read overhead is shared by the batch and paid by the baseline too; the same bytes are decoded
 * every time, so branches are better predicted than on a real stream; a read never ends mid-frame
 * here, the resumable path the codec tests cover for correctness. The encoder's figure includes
 * allocating and releasing the pooled buffer, as the broker pays it per delivery.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class AmqpFrameBenchmark {
  static final int BATCH = 64;

  @Param({"16", "1024", "65536"})
  int bodySize;

  private ByteBuf input;
  private EmbeddedChannel decoder;
  private EmbeddedChannel baseline;
  private byte[] body;
  private BasicProperties properties;
  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

  @Setup
  public void setUp() {
    body = new byte[bodySize];
    properties =
        new BasicProperties(
            "application/octet-stream",
            null,
            null,
            2,
            null,
            "corr-1",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    EmbeddedChannel encoder = new EmbeddedChannel(new AmqpFrameEncoder());
    ByteBuf bytes = Unpooled.buffer();
    for (int i = 0; i < BATCH; i++) {
      encoder.writeOutbound(
          new MethodFrame(1, new BasicMethod.Publish("amq.direct", "orders.new", false, false)),
          ContentHeaderFrame.basic(1, bodySize, properties),
          new ContentBodyFrame(1, Unpooled.wrappedBuffer(body)));
      ByteBuf out;
      while ((out = encoder.readOutbound()) != null) {
        bytes.writeBytes(out);
        out.release();
      }
    }
    encoder.finishAndReleaseAll();
    input = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.readableBytes());
    input.writeBytes(bytes);
    bytes.release();

    decoder =
        new EmbeddedChannel(new AmqpFrameDecoder(CodecLimits.defaults()), new ContentAssembler());
    decoder.writeInbound(Unpooled.wrappedBuffer(ProtocolHeader.bytes()));
    ReferenceCountUtil.release(decoder.readInbound());
    baseline = new EmbeddedChannel(new LengthFieldBasedFrameDecoder(1 << 20, 3, 4, 1, 0));
  }

  @TearDown
  public void tearDown() {
    input.release();
    decoder.finishAndReleaseAll();
    baseline.finishAndReleaseAll();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void decodePublish(Blackhole bh) {
    decoder.writeInbound(input.retainedDuplicate());
    Object msg;
    while ((msg = decoder.readInbound()) != null) {
      bh.consume(msg);
      ReferenceCountUtil.release(msg);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void baselineFrameSplit(Blackhole bh) {
    baseline.writeInbound(input.retainedDuplicate());
    Object msg;
    while ((msg = baseline.readInbound()) != null) {
      bh.consume(msg);
      ReferenceCountUtil.release(msg);
    }
  }

  @Benchmark
  public int encodeDelivery() {
    ByteBuf out =
        ContentFrames.encode(
            alloc,
            1,
            new BasicMethod.Deliver("amq.ctag-benchmark", 42, false, "amq.direct", "orders.new"),
            properties,
            body,
            CodecLimits.DEFAULT_FRAME_MAX);
    int size = out.readableBytes();
    out.release();
    return size;
  }

  @Benchmark
  public int baselineBodyCopy() {
    ByteBuf out = alloc.ioBuffer(bodySize + 128);
    out.writeBytes(body);
    int size = out.readableBytes();
    out.release();
    return size;
  }
}
