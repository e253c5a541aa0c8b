package dev.tierkit.mq.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierkit.common.testing.CodecTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.EncoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@CodecTest
class AmqpFrameCodecTest {

  // --- helpers -------------------------------------------------------------------------------

  /** Encodes messages with a fresh encoder and returns all the bytes written, in one buffer. */
  private static byte[] encode(Object... messages) {
    EmbeddedChannel channel = new EmbeddedChannel(new AmqpFrameEncoder());
    try {
      channel.writeOutbound(messages);
      ByteBuf all = Unpooled.buffer();
      for (Object out; (out = channel.readOutbound()) != null; ) {
        ByteBuf buf = (ByteBuf) out;
        all.writeBytes(buf);
        buf.release();
      }
      byte[] bytes = ByteBufUtil.getBytes(all);
      all.release();
      return bytes;
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static byte[] concat(byte[]... parts) {
    int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  private static byte[] header() {
    return ProtocolHeader.bytes();
  }

  private static byte[] hex(String hex) {
    return ByteBufUtil.decodeHexDump(hex.replaceAll("\\s", ""));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** A frame with the given payload, built by hand rather than by the encoder under test. */
  private static byte[] rawFrame(int type, int channel, byte[] payload) {
    ByteBuf buf = Unpooled.buffer();
    buf.writeByte(type).writeShort(channel).writeInt(payload.length).writeBytes(payload);
    buf.writeByte(0xCE);
    byte[] bytes = ByteBufUtil.getBytes(buf);
    buf.release();
    return bytes;
  }

  /** Decodes the bytes in chunks of {@code chunk} bytes; body frames are copied and released. */
  private static List<Object> decode(int chunk, byte[] bytes) {
    return decode(new AmqpFrameDecoder(), chunk, bytes);
  }

  private static List<Object> decode(AmqpFrameDecoder decoder, int chunk, byte[] bytes) {
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    List<Object> decoded = new ArrayList<>();
    try {
      for (int at = 0; at < bytes.length && channel.isActive(); at += chunk) {
        int length = Math.min(chunk, bytes.length - at);
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, length));
        drain(channel, decoded);
      }
      return decoded;
    } finally {
      channel.finishAndReleaseAll();
    }
  }

  private static void drain(EmbeddedChannel channel, List<Object> decoded) {
    for (Object msg; (msg = channel.readInbound()) != null; ) {
      if (msg instanceof ContentBodyFrame body) {
        decoded.add(new BodyCopy(body.channel(), ByteBufUtil.getBytes(body.content())));
        body.release();
      } else {
        decoded.add(msg);
      }
    }
  }

  /** A body frame's content copied out, so results compare by value after release. */
  private record BodyCopy(int channel, byte[] content) {
    @Override
    public boolean equals(Object o) {
      return o instanceof BodyCopy b && b.channel == channel && Arrays.equals(b.content, content);
    }

    @Override
    public int hashCode() {
      return channel * 31 + Arrays.hashCode(content);
    }
  }

  private static DecodeError onlyError(List<Object> decoded) {
    assertThat(decoded).last().isInstanceOf(DecodeError.class);
    assertThat(decoded.stream().filter(DecodeError.class::isInstance)).hasSize(1);
    return (DecodeError) decoded.get(decoded.size() - 1);
  }

  // --- round trips ---------------------------------------------------------------------------

  static Stream<Method> methods() {
    return MethodSamples.all().stream();
  }

  @ParameterizedTest
  @MethodSource("methods")
  void everyMethodDecodesToWhatWasEncoded(Method method) {
    byte[] bytes = concat(header(), encode(new MethodFrame(3, method)));

    assertThat(decode(bytes.length, bytes))
        .containsExactly(ProtocolHeader.INSTANCE, new MethodFrame(3, method));
  }

  @Test
  void everyMethodRecordHasARoundTripSample() {
    Set<Class<?>> sampled =
        MethodSamples.all().stream().map(Object::getClass).collect(Collectors.toSet());
    Set<Class<?>> declared =
        Arrays.stream(Method.class.getPermittedSubclasses())
            .flatMap(c -> Arrays.stream(c.getPermittedSubclasses()))
            .collect(Collectors.toSet());

    assertThat(declared).hasSize(64);
    assertThat(sampled).isEqualTo(declared);
  }

  @Test
  void contentHeaderWithEveryPropertyDecodesToWhatWasEncoded() {
    BasicProperties all =
        new BasicProperties(
            "application/json",
            "gzip",
            MethodSamples.everyFieldType(),
            2,
            9,
            "corr-1",
            "amq.rabbitmq.reply-to",
            "60000",
            "msg-1",
            1_700_000_000L,
            "order.created",
            "guest",
            "shop",
            "cluster");
    List<Object> frames =
        List.of(
            ContentHeaderFrame.basic(1, 1L << 40, all),
            ContentHeaderFrame.basic(1, 0, BasicProperties.EMPTY),
            ContentHeaderFrame.basic(
                2,
                5,
                new BasicProperties(
                    null, null, null, 1, null, null, "r", null, null, null, null, null, "a",
                    null)));
    byte[] bytes = concat(header(), encode(frames.toArray()));

    assertThat(decode(bytes.length, bytes).subList(1, 4)).isEqualTo(frames);
  }

  @Test
  void bodyAndHeartbeatFramesDecodeToWhatWasEncoded() {
    byte[] body = ascii("hello, world");
    byte[] bytes =
        concat(
            header(),
            encode(
                new ContentBodyFrame(5, Unpooled.wrappedBuffer(body)),
                HeartbeatFrame.INSTANCE,
                new ContentBodyFrame(5, Unpooled.EMPTY_BUFFER)));

    assertThat(decode(bytes.length, bytes))
        .containsExactly(
            ProtocolHeader.INSTANCE,
            new BodyCopy(5, body),
            HeartbeatFrame.INSTANCE,
            new BodyCopy(5, new byte[0]));
  }

  // --- bytes as the spec lays them out --------------------------------------------------------

  @Test
  void connectionStartIsEncodedAsTheSpecLaysItOut() {
    Map<String, Object> serverProperties = new LinkedHashMap<>();
    serverProperties.put("product", "RabbitMQ");
    Method start = new ConnectionMethod.Start(0, 9, serverProperties, "PLAIN AMQPLAIN", "en_US");

    byte[] expected =
        concat(
            hex("01 0000 0000003a"),
            hex("000a 000a 00 09"),
            hex("00000015 07"),
            ascii("product"),
            hex("53 00000008"),
            ascii("RabbitMQ"),
            hex("0000000e"),
            ascii("PLAIN AMQPLAIN"),
            hex("00000005"),
            ascii("en_US"),
            hex("ce"));
    assertThat(encode(new MethodFrame(0, start))).isEqualTo(expected);
  }

  @Test
  void consecutiveBitArgumentsShareOneOctetLowestBitFirst() {
    byte[] publish = encode(new MethodFrame(1, new BasicMethod.Publish("", "q", true, false)));
    byte[] declare =
        encode(
            new MethodFrame(
                1, new QueueMethod.Declare("q", false, true, false, true, false, Map.of())));

    assertThat(publish).isEqualTo(hex("01 0001 0000000a 003c 0028 0000 00 01 71 01 ce"));
    assertThat(declare).isEqualTo(hex("01 0001 0000000d 0032 000a 0000 01 71 0a 00000000 ce"));
  }

  @Test
  void contentHeaderCarriesFlagsThenPresentPropertiesInOrder() {
    BasicProperties properties =
        new BasicProperties(
            "text/plain",
            null,
            null,
            2,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);

    byte[] expected =
        concat(
            hex("02 0001 0000001a 003c 0000 0000000000000005 9000 0a"),
            ascii("text/plain"),
            hex("02 ce"));
    assertThat(encode(ContentHeaderFrame.basic(1, 5, properties))).isEqualTo(expected);
  }

  @Test
  void heartbeatAndProtocolHeaderAreFixedBytes() {
    assertThat(encode(HeartbeatFrame.INSTANCE)).isEqualTo(hex("08 0000 00000000 ce"));
    assertThat(encode(ProtocolHeader.INSTANCE)).isEqualTo(hex("414d5150 00 00 09 01"));
  }

  // --- framing -------------------------------------------------------------------------------

  private static byte[] conversation() {
    return concat(
        header(),
        encode(
            new MethodFrame(0, MethodSamples.all().get(1)),
            new MethodFrame(1, new BasicMethod.Publish("", "q", false, false)),
            ContentHeaderFrame.basic(1, 3, BasicProperties.EMPTY),
            new ContentBodyFrame(1, Unpooled.wrappedBuffer(ascii("abc"))),
            HeartbeatFrame.INSTANCE,
            new MethodFrame(1, new ChannelMethod.Close(200, "bye", 0, 0))));
  }

  @Test
  void inputFedOneByteAtATimeDecodesLikeOneBuffer() {
    byte[] bytes = conversation();

    List<Object> whole = decode(bytes.length, bytes);
    assertThat(whole).hasSize(7);
    assertThat(decode(1, bytes)).isEqualTo(whole);
    assertThat(decode(3, bytes)).isEqualTo(whole);
  }

  @Test
  void twoFramesInOneBufferAreBothDecoded() {
    byte[] bytes =
        concat(
            header(), encode(HeartbeatFrame.INSTANCE, new MethodFrame(2, new TxMethod.Select())));

    assertThat(decode(bytes.length, bytes))
        .containsExactly(
            ProtocolHeader.INSTANCE,
            HeartbeatFrame.INSTANCE,
            new MethodFrame(2, new TxMethod.Select()));
  }

  @Test
  void wrongProtocolHeaderIsAnsweredWithOursAndTheConnectionClosed() {
    for (byte[] wrong :
        List.of(
            ascii("GET / HTTP/1.1\r\n\r\n"),
            hex("414d5150 00 00 09 00"),
            hex("414d5150 01 01 00 0a"))) {
      EmbeddedChannel channel = new EmbeddedChannel(new AmqpFrameDecoder());
      channel.writeInbound(Unpooled.wrappedBuffer(wrong));

      assertThat((Object) channel.readInbound()).isNull();
      ByteBuf answer = channel.readOutbound();
      assertThat(ByteBufUtil.getBytes(answer)).isEqualTo(header());
      answer.release();
      assertThat(channel.isOpen()).isFalse();
      channel.finishAndReleaseAll();
    }
  }

  @Test
  void wrongProtocolHeaderIsRefusedAtItsFirstWrongByte() {
    EmbeddedChannel channel = new EmbeddedChannel(new AmqpFrameDecoder());
    channel.writeInbound(Unpooled.wrappedBuffer(ascii("AMX")));

    ByteBuf answer = channel.readOutbound();
    assertThat(ByteBufUtil.getBytes(answer)).isEqualTo(header());
    answer.release();
    assertThat(channel.isOpen()).isFalse();
    channel.finishAndReleaseAll();
  }

  @Test
  void frameLargerThanFrameMaxIsAFrameErrorBeforeItsPayloadArrives() {
    byte[] bytes = concat(header(), hex("01 0001 0001fff9"));

    DecodeError error = onlyError(decode(1, bytes));
    assertThat(error.replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
    assertThat(error.replyCode().code()).isEqualTo(501);
    // RabbitMQ's words: the payload size and the largest payload frame_max allows.
    assertThat(error.replyText())
        .isEqualTo("FRAME_ERROR - type 1, all octets = <<>>: {frame_too_large,131065,131064}");
  }

  @Test
  void frameOfExactlyFrameMaxIsAccepted() {
    byte[] body = new byte[CodecLimits.MIN_FRAME_MAX - AmqpFrame.OVERHEAD];
    byte[] bytes = concat(header(), rawFrame(AmqpFrame.TYPE_BODY, 1, body));
    AmqpFrameDecoder decoder = new AmqpFrameDecoder(new CodecLimits(CodecLimits.MIN_FRAME_MAX, 4));

    assertThat(decode(decoder, bytes.length, bytes))
        .containsExactly(ProtocolHeader.INSTANCE, new BodyCopy(1, body));
  }

  @Test
  void frameMaxFromTuneOkAppliesToLaterFrames() {
    AmqpFrameDecoder decoder = new AmqpFrameDecoder();
    decoder.frameMax(CodecLimits.MIN_FRAME_MAX);
    byte[] bytes =
        concat(header(), rawFrame(AmqpFrame.TYPE_BODY, 1, new byte[CodecLimits.MIN_FRAME_MAX]));

    assertThat(onlyError(decode(decoder, bytes.length, bytes)).replyCode())
        .isEqualTo(ReplyCode.FRAME_ERROR);
    assertThatThrownBy(() -> decoder.frameMax(100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("frameMax");
  }

  @Test
  void badFrameEndIsAFrameError() {
    byte[] frame = encode(HeartbeatFrame.INSTANCE);
    frame[frame.length - 1] = 0x00;

    DecodeError error = onlyError(decode(1, concat(header(), frame)));
    assertThat(error.replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
    assertThat(error.replyText())
        .isEqualTo("FRAME_ERROR - type 8, all octets = <<>>: {invalid_frame_end_marker,0}");
  }

  @Test
  void unknownFrameTypeIsAFrameError() {
    byte[] bytes = concat(header(), rawFrame(4, 0, new byte[0]));

    assertThat(onlyError(decode(64, bytes)).replyCode()).isEqualTo(ReplyCode.FRAME_ERROR);
  }

  @Test
  void heartbeatOnAChannelOrWithAPayloadIsAFrameError() {
    assertThat(onlyError(decode(64, concat(header(), rawFrame(8, 1, new byte[0])))).replyCode())
        .isEqualTo(ReplyCode.FRAME_ERROR);
    assertThat(onlyError(decode(64, concat(header(), rawFrame(8, 0, new byte[1])))).replyCode())
        .isEqualTo(ReplyCode.FRAME_ERROR);
  }

  @Test
  void nothingIsDecodedAfterAnError() {
    byte[] bad = encode(HeartbeatFrame.INSTANCE);
    bad[bad.length - 1] = 0x01;
    byte[] bytes = concat(header(), bad, encode(HeartbeatFrame.INSTANCE, HeartbeatFrame.INSTANCE));

    List<Object> decoded = decode(bytes.length, bytes);
    assertThat(decoded).hasSize(2);
    onlyError(decoded);
  }

  // --- methods -------------------------------------------------------------------------------

  @Test
  void unknownClassIsNotImplementedAndNamesTheIds() {
    byte[] bytes = concat(header(), rawFrame(1, 1, hex("0063 000a")));

    DecodeError error = onlyError(decode(64, bytes));
    assertThat(error.replyCode()).isEqualTo(ReplyCode.NOT_IMPLEMENTED);
    assertThat(error.replyCode().code()).isEqualTo(540);
    assertThat(error.classId()).isEqualTo(99);
    assertThat(error.methodId()).isEqualTo(10);
    assertThat(error.channel()).isEqualTo(1);
  }

  @Test
  void unknownMethodOfAKnownClassIsNotImplemented() {
    byte[] bytes = concat(header(), rawFrame(1, 1, hex("003c 00ff")));

    DecodeError error = onlyError(decode(64, bytes));
    assertThat(error.replyCode()).isEqualTo(ReplyCode.NOT_IMPLEMENTED);
    assertThat(error.classId()).isEqualTo(60);
    assertThat(error.methodId()).isEqualTo(255);
  }

  @Test
  void methodFrameTooShortForItsIdsIsAFrameError() {
    assertThat(onlyError(decode(64, concat(header(), rawFrame(1, 0, hex("000a"))))).replyCode())
        .isEqualTo(ReplyCode.FRAME_ERROR);
  }

  @Test
  void truncatedArgumentsAreASyntaxError() {
    // basic.ack needs a longlong and a bit octet; only four bytes of the longlong are here.
    byte[] bytes = concat(header(), rawFrame(1, 1, hex("003c 0050 00000000")));

    DecodeError error = onlyError(decode(64, bytes));
    assertThat(error.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    assertThat(error.classId()).isEqualTo(60);
    assertThat(error.methodId()).isEqualTo(80);
  }

  @Test
  void bytesAfterTheLastArgumentAreASyntaxError() {
    byte[] bytes = concat(header(), rawFrame(1, 1, hex("005a 000a ff")));

    assertThat(onlyError(decode(64, bytes)).replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
  }

  @Test
  void shortstrRunningPastTheFrameIsASyntaxError() {
    // basic.consume-ok with a consumer tag claiming 200 bytes but carrying 3.
    byte[] bytes = concat(header(), rawFrame(1, 1, concat(hex("003c 0015 c8"), ascii("abc"))));

    assertThat(onlyError(decode(64, bytes)).replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
  }

  @Test
  void shortstrOver255BytesIsRefusedWhenEncoding() {
    EmbeddedChannel channel = new EmbeddedChannel(new AmqpFrameEncoder());
    MethodFrame frame = new MethodFrame(1, new BasicMethod.ConsumeOk("x".repeat(256)));

    assertThatThrownBy(() -> channel.writeOutbound(frame))
        .isInstanceOf(EncoderException.class)
        .hasMessageContaining("shortstr")
        .hasMessageContaining("256");
    assertThat((Object) channel.readOutbound()).isNull();
    channel.finishAndReleaseAll();
  }

  @Test
  void shortstrOfExactly255BytesRoundTrips() {
    Method method = new BasicMethod.ConsumeOk("\u00e9".repeat(127) + "x");
    byte[] bytes = concat(header(), encode(new MethodFrame(1, method)));

    assertThat(decode(bytes.length, bytes)).contains(new MethodFrame(1, method));
  }

  // --- field tables --------------------------------------------------------------------------

  /** A queue.declare whose arguments table is the given raw bytes (length prefix included). */
  private static byte[] queueDeclareWithTable(byte[] table) {
    return concat(header(), rawFrame(1, 1, concat(hex("0032 000a 0000 01 71 02"), table)));
  }

  @Test
  void tableLengthBeyondTheFrameIsASyntaxErrorNotAnAllocation() {
    byte[] bytes = queueDeclareWithTable(hex("7fffffff 01 61 74 01"));

    DecodeError error = onlyError(decode(64, bytes));
    assertThat(error.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    assertThat(error.message()).contains("2147483647");
  }

  @Test
  void tableWithLengthOverTwoGigabytesIsASyntaxError() {
    assertThat(onlyError(decode(64, queueDeclareWithTable(hex("ffffffff")))).replyCode())
        .isEqualTo(ReplyCode.SYNTAX_ERROR);
  }

  @Test
  void truncatedTableEntryIsASyntaxError() {
    // The table says 6 bytes: name "a", type 'I', but only 3 of the int's 4 bytes fit inside it.
    byte[] bytes = queueDeclareWithTable(hex("00000006 01 61 49 000001 00"));

    assertThat(onlyError(decode(64, bytes)).replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
  }

  @Test
  void longStringInsideATableMayNotRunPastTheTable() {
    // Entry "a" -> S of length 4, but the table ends after 2 of those bytes (the rest is frame).
    byte[] bytes = queueDeclareWithTable(hex("00000009 01 61 53 00000004 6869 6a6b"));

    assertThat(onlyError(decode(64, bytes)).replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
  }

  @Test
  void unknownFieldTypeIsASyntaxError() {
    // 'U' is the 0-9-1 spec's letter for a signed short; RabbitMQ's errata use 's' instead.
    byte[] bytes = queueDeclareWithTable(hex("00000005 01 61 55 0001"));

    DecodeError error = onlyError(decode(64, bytes));
    assertThat(error.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    assertThat(error.message()).contains("'U'");
  }

  @Test
  void rabbitMqTypeLettersDecodeToTheirValues() {
    byte[] table =
        hex(
            "00000024"
                + "0162 42 ff" // B: unsigned 8-bit
                + "0173 73 ff00" // s: signed 16-bit
                + "0175 75 ff00" // u: unsigned 16-bit
                + "0169 69 ffffffff" // i: unsigned 32-bit
                + "016c 6c 0000000000000001" // l: signed 64-bit
                + "0174 74 01"); // t: boolean

    List<Object> decoded = decode(64, queueDeclareWithTable(table));
    QueueMethod.Declare declare = (QueueMethod.Declare) ((MethodFrame) decoded.get(1)).method();
    assertThat(declare.arguments())
        .containsExactly(
            Map.entry("b", 255),
            Map.entry("s", (short) -256),
            Map.entry("u", 0xff00),
            Map.entry("i", 0xffffffffL),
            Map.entry("l", 1L),
            Map.entry("t", true));
  }

  /** {@code depth} tables nested inside the arguments table, the innermost empty. */
  private static byte[] nestedTables(int depth) {
    byte[] inner = hex("00000000");
    for (int i = 0; i < depth; i++) {
      ByteBuf buf = Unpooled.buffer();
      buf.writeInt(3 + inner.length).writeByte(1).writeByte('n').writeByte('F').writeBytes(inner);
      inner = ByteBufUtil.getBytes(buf);
      buf.release();
    }
    return inner;
  }

  @Test
  void tablesNestedDeeperThanTheLimitAreASyntaxError() {
    int limit = CodecLimits.DEFAULT_MAX_TABLE_DEPTH;

    List<Object> atLimit = decode(64, queueDeclareWithTable(nestedTables(limit - 1)));
    assertThat(atLimit.get(1)).isInstanceOf(MethodFrame.class);

    DecodeError error = onlyError(decode(64, queueDeclareWithTable(nestedTables(limit))));
    assertThat(error.replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
    assertThat(error.message()).contains("nested");
  }

  @Test
  void arraysCountTowardsTheNestingLimit() {
    byte[] inner = hex("00000000");
    for (int i = 0; i < 1000; i++) {
      ByteBuf buf = Unpooled.buffer();
      buf.writeInt(1 + inner.length).writeByte('A').writeBytes(inner);
      inner = ByteBufUtil.getBytes(buf);
      buf.release();
    }
    byte[] table = concat(hex(String.format("%08x", 3 + inner.length) + "01 61 41"), inner);

    assertThat(onlyError(decode(4096, queueDeclareWithTable(table))).replyCode())
        .isEqualTo(ReplyCode.SYNTAX_ERROR);
  }

  @Test
  void unencodableFieldValueIsRefusedWhenEncoding() {
    EmbeddedChannel channel = new EmbeddedChannel(new AmqpFrameEncoder());
    MethodFrame frame =
        new MethodFrame(
            1,
            new QueueMethod.Declare(
                "q", false, false, false, false, false, Map.of("x", new Object())));

    assertThatThrownBy(() -> channel.writeOutbound(frame))
        .isInstanceOf(EncoderException.class)
        .hasMessageContaining("java.lang.Object");
    channel.finishAndReleaseAll();
  }

  // --- content header ------------------------------------------------------------------------

  @Test
  void contentHeaderForAClassWithoutContentIsCommandInvalid() {
    byte[] bytes = concat(header(), rawFrame(2, 1, hex("0032 0000 0000000000000000 0000")));

    DecodeError error = onlyError(decode(64, bytes));
    assertThat(error.replyCode()).isEqualTo(ReplyCode.COMMAND_INVALID);
    assertThat(error.classId()).isEqualTo(50);
  }

  @Test
  void contentHeaderWithPropertyFlagsButNoValuesIsASyntaxError() {
    byte[] bytes = concat(header(), rawFrame(2, 1, hex("003c 0000 0000000000000001 8000")));

    assertThat(onlyError(decode(64, bytes)).replyCode()).isEqualTo(ReplyCode.SYNTAX_ERROR);
  }

  @Test
  void emptyContinuationFlagWordsAreAccepted() {
    byte[] bytes = concat(header(), rawFrame(2, 1, hex("003c 0000 0000000000000001 1001 0000 02")));

    assertThat(decode(64, bytes).get(1))
        .isEqualTo(
            ContentHeaderFrame.basic(
                1,
                1,
                new BasicProperties(
                    null, null, null, 2, null, null, null, null, null, null, null, null, null,
                    null)));
  }
}
