package dev.tierkit.bench.cache;

import dev.tierkit.cache.protocol.MemcacheDecoder;
import dev.tierkit.cache.protocol.ProtocolConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
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
 * Question: how long does the text-protocol decoder take per command, for a {@code get} of one key,
 * a {@code set} of a 100-byte value, and a {@code get} of 100 keys on one line? The baseline beside
 * it is Netty's {@link LineBasedFrameDecoder} over the same bytes: the floor for finding each line
 * end and handing a slice on, through the same channel machinery, with no parsing.
 *
 * <p>Each invocation hands the decoder one pooled direct buffer holding {@value #BATCH} commands
 * back to back, as a pipelining client's read would, and the score is per command ({@code
 * OperationsPerInvocation}); every decoded message is consumed and released.
 *
 * <p>Run: {@code bench/jmh MemcacheDecoderBenchmark} ({@code -p command=mget100} for one shape).
 *
 * <p>What could make the numbers lie: the decoder runs in an {@link EmbeddedChannel}, whose
 * per-read overhead (pipeline dispatch, pending tasks, exception checks) is shared by the {@value
 * #BATCH} commands and paid equally by the baseline; the same bytes are decoded on every call, so
 * the branch predictor knows the input better than it would know a real stream (the 64 commands use
 * 64 different keys to blunt that); and one buffer per read means the decoder never resumes in the
 * middle of a command, the path a real read that ends mid-command would take (the codec tests cover
 * that path for correctness, not speed).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@OperationsPerInvocation(MemcacheDecoderBenchmark.BATCH)
public class MemcacheDecoderBenchmark {
  static final int BATCH = 64;

  @Param({"get", "set", "mget100"})
  String command;

  private ByteBuf input;
  private EmbeddedChannel decoder;
  private EmbeddedChannel baseline;

  @Setup
  public void setUp() {
    StringBuilder text = new StringBuilder();
    String value = "v".repeat(100);
    for (int i = 0; i < BATCH; i++) {
      switch (command) {
        case "get" -> text.append("get ").append(key(i)).append("\r\n");
        case "set" ->
            text.append("set ").append(key(i)).append(" 0 0 100\r\n").append(value).append("\r\n");
        case "mget100" -> {
          text.append("get");
          for (int k = 0; k < 100; k++) {
            text.append(' ').append(key(i * 100 + k));
          }
          text.append("\r\n");
        }
        default -> throw new IllegalArgumentException("command: " + command);
      }
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    input = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
    input.writeBytes(bytes);
    decoder = channel(new MemcacheDecoder(ProtocolConfig.defaults()));
    baseline = channel(new LineBasedFrameDecoder(ProtocolConfig.DEFAULT_MAX_MULTIGET_LINE_LENGTH));
  }

  private static EmbeddedChannel channel(ChannelHandler handler) {
    EmbeddedChannel channel = new EmbeddedChannel(handler);
    channel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
    return channel;
  }

  private static String key(int i) {
    byte[] key = new byte[ValuePattern.KEY_LENGTH];
    ValuePattern.writeKey(key, 0, i);
    return new String(key, StandardCharsets.US_ASCII);
  }

  @TearDown
  public void tearDown() {
    decoder.finishAndReleaseAll();
    baseline.finishAndReleaseAll();
    input.release();
  }

  @Benchmark
  public void decode(Blackhole blackhole) {
    drain(decoder, blackhole);
  }

  @Benchmark
  public void baselineLineFrames(Blackhole blackhole) {
    drain(baseline, blackhole);
  }

  private void drain(EmbeddedChannel channel, Blackhole blackhole) {
    channel.writeInbound(input.retainedDuplicate());
    Object message;
    while ((message = channel.readInbound()) != null) {
      blackhole.consume(message);
      ReferenceCountUtil.release(message);
    }
  }
}
