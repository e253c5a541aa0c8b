package dev.tierkit.mq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.CodecTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

@CodecTest
class ContentAssemblerTest {
  private static final Method PUBLISH = new BasicMethod.Publish("", "q", false, false);
  private static final BasicProperties PERSISTENT =
      new BasicProperties(
          null, null, null, 2, null, null, null, null, null, null, null, null, null, null);

  /** What came out, with each command's body copied to a string so buffers can be released. */
  private record Out(Object message, String body) {}

  private static byte[] wire(Object... frames) {
    EmbeddedChannel encoder = new EmbeddedChannel(new AmqpFrameEncoder());
    encoder.writeOutbound(frames);
    ByteBuf all = Unpooled.buffer();
    all.writeBytes(ProtocolHeader.bytes());
    for (Object out; (out = encoder.readOutbound()) != null; ) {
      all.writeBytes((ByteBuf) out);
      ((ByteBuf) out).release();
    }
    encoder.finishAndReleaseAll();
    byte[] bytes = ByteBufUtil.getBytes(all);
    all.release();
    return bytes;
  }

  private static ContentBodyFrame body(int channel, String text) {
    return new ContentBodyFrame(
        channel, Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Out> assemble(long maxBodySize, int chunk, byte[] bytes) {
    EmbeddedChannel channel =
        new EmbeddedChannel(new AmqpFrameDecoder(), new ContentAssembler(maxBodySize));
    List<Out> out = new ArrayList<>();
    try {
      for (int at = 0; at < bytes.length; at += chunk) {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(chunk, bytes.length - at)));
        for (Object msg; (msg = channel.readInbound()) != null; ) {
          if (msg instanceof ContentCommand command) {
            out.add(new Out(command, command.content().toString(StandardCharsets.UTF_8)));
            command.release();
          } else {
            out.add(new Out(msg, null));
          }
        }
      }
      return out;
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static List<Out> assemble(Object... frames) {
    byte[] bytes = wire(frames);
    return assemble(ContentAssembler.DEFAULT_MAX_BODY_SIZE, bytes.length, bytes);
  }

  private static DecodeError lastError(List<Out> out) {
    assertThat(out).last().extracting(Out::message).isInstanceOf(DecodeError.class);
    return (DecodeError) out.get(out.size() - 1).message();
  }

  @Test
  void publishHeaderAndBodiesBecomeOneCommand() {
    byte[] bytes =
        wire(
            new MethodFrame(1, PUBLISH),
            ContentHeaderFrame.basic(1, 11, PERSISTENT),
            body(1, "hello"),
            body(1, " "),
            body(1, "world"));

    for (int chunk : new int[] {1, 5, bytes.length}) {
      List<Out> out = assemble(ContentAssembler.DEFAULT_MAX_BODY_SIZE, chunk, bytes);
      assertThat(out).hasSize(2);
      ContentCommand command = (ContentCommand) out.get(1).message();
      assertThat(command.channel()).isEqualTo(1);
      assertThat(command.method()).isEqualTo(PUBLISH);
      assertThat(command.properties().isPersistent()).isTrue();
      assertThat(out.get(1).body()).isEqualTo("hello world");
    }
  }

  @Test
  void emptyBodyCompletesAtTheHeader() {
    List<Out> out =
        assemble(new MethodFrame(1, PUBLISH), ContentHeaderFrame.basic(1, 0, PERSISTENT));

    assertThat(out).hasSize(2);
    assertThat(out.get(1).body()).isEmpty();
  }

  @Test
  void channelsInterleaveAndEachAssemblesItsOwnContent() {
    List<Out> out =
        assemble(
            new MethodFrame(1, PUBLISH),
            new MethodFrame(2, PUBLISH),
            ContentHeaderFrame.basic(2, 2, BasicProperties.EMPTY),
            ContentHeaderFrame.basic(1, 2, BasicProperties.EMPTY),
            body(1, "a"),
            body(2, "bb"),
            HeartbeatFrame.INSTANCE,
            body(1, "a"));

    assertThat(out)
        .extracting(o -> o.message() instanceof ContentCommand c ? c.channel() : o.message())
        .containsExactly(ProtocolHeader.INSTANCE, 2, HeartbeatFrame.INSTANCE, 1);
    assertThat(out).extracting(Out::body).containsExactly(null, "bb", null, "aa");
  }

  @Test
  void methodsWithoutContentPassThrough() {
    MethodFrame ack = new MethodFrame(1, new BasicMethod.Ack(1, false));

    assertThat(assemble(ack))
        .extracting(Out::message)
        .containsExactly(ProtocolHeader.INSTANCE, ack);
  }

  @Test
  void headerWithoutAMethodIsAnUnexpectedFrame() {
    DecodeError error = lastError(assemble(ContentHeaderFrame.basic(1, 1, PERSISTENT)));

    assertThat(error.replyCode()).isEqualTo(ReplyCode.UNEXPECTED_FRAME);
    assertThat(error.replyCode().code()).isEqualTo(505);
  }

  @Test
  void bodyBeforeTheHeaderIsAnUnexpectedFrame() {
    DecodeError error = lastError(assemble(new MethodFrame(1, PUBLISH), body(1, "x")));

    assertThat(error.replyCode()).isEqualTo(ReplyCode.UNEXPECTED_FRAME);
    assertThat(error.classId()).isEqualTo(60);
    assertThat(error.methodId()).isEqualTo(40);
  }

  @Test
  void methodInTheMiddleOfContentIsAnUnexpectedFrame() {
    List<Out> out =
        assemble(
            new MethodFrame(1, PUBLISH),
            ContentHeaderFrame.basic(1, 10, PERSISTENT),
            body(1, "part"),
            new MethodFrame(1, new BasicMethod.Ack(1, false)),
            new MethodFrame(2, new BasicMethod.Ack(1, false)));

    assertThat(out).hasSize(2);
    assertThat(lastError(out).replyCode()).isEqualTo(ReplyCode.UNEXPECTED_FRAME);
    assertThat(lastError(out).message()).contains("expected content body");
  }

  @Test
  void bodyRunningPastTheDeclaredSizeIsAnUnexpectedFrame() {
    DecodeError error =
        lastError(
            assemble(
                new MethodFrame(1, PUBLISH),
                ContentHeaderFrame.basic(1, 2, PERSISTENT),
                body(1, "abc")));

    assertThat(error.replyCode()).isEqualTo(ReplyCode.UNEXPECTED_FRAME);
    assertThat(error.message()).contains("1 bytes past");
  }

  @Test
  void contentOnChannelZeroIsAnUnexpectedFrame() {
    assertThat(lastError(assemble(new MethodFrame(0, PUBLISH))).replyCode())
        .isEqualTo(ReplyCode.UNEXPECTED_FRAME);
  }

  @Test
  void bodyOverTheLimitIsRefusedOnItsChannelAndTheNextMessageStillArrives() {
    byte[] bytes =
        wire(
            new MethodFrame(1, PUBLISH),
            ContentHeaderFrame.basic(1, 6, PERSISTENT),
            body(1, "abc"),
            body(1, "def"),
            new MethodFrame(1, PUBLISH),
            ContentHeaderFrame.basic(1, 5, PERSISTENT),
            body(1, "small"));

    List<Out> out = assemble(5, bytes.length, bytes);
    assertThat(out).hasSize(3);
    DecodeError error = (DecodeError) out.get(1).message();
    assertThat(error.replyCode()).isEqualTo(ReplyCode.PRECONDITION_FAILED);
    assertThat(error.replyCode().isConnectionError()).isFalse();
    assertThat(error.channel()).isEqualTo(1);
    assertThat(out.get(2).body()).isEqualTo("small");
  }

  @Test
  void partialBodyIsReleasedWhenTheConnectionCloses() {
    EmbeddedChannel channel = new EmbeddedChannel(new AmqpFrameDecoder(), new ContentAssembler());
    channel.writeInbound(
        Unpooled.wrappedBuffer(
            wire(
                new MethodFrame(1, PUBLISH),
                ContentHeaderFrame.basic(1, 100, PERSISTENT),
                body(1, "only part of it"))));

    assertThat((Object) channel.readInbound()).isEqualTo(ProtocolHeader.INSTANCE);
    assertThat((Object) channel.readInbound()).isNull();
    channel.close();
    channel.finishAndReleaseAll();
  }

  @Test
  void decoderErrorsPassThroughAndStopAssembly() {
    byte[] good = wire(new MethodFrame(1, PUBLISH), ContentHeaderFrame.basic(1, 1, PERSISTENT));
    byte[] bad = {8, 0, 0, 0, 0, 0, 0, 0};
    byte[] bytes = new byte[good.length + bad.length];
    System.arraycopy(good, 0, bytes, 0, good.length);
    System.arraycopy(bad, 0, bytes, good.length, bad.length);

    List<Out> out = assemble(ContentAssembler.DEFAULT_MAX_BODY_SIZE, bytes.length, bytes);
    assertThat(lastError(out).replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
  }
}
