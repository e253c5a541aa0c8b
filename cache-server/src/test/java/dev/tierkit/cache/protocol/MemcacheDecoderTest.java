package dev.tierkit.cache.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.CodecTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@CodecTest
class MemcacheDecoderTest {
  /** One line of each command, with the data blocks it needs. */
  private static final String EVERY_COMMAND =
      "set k 1 2 3\r\nabc\r\n"
          + "add k 0 0 0 noreply\r\n\r\n"
          + "replace k 4294967295 0 1\r\nx\r\n"
          + "append k 0 0 2\r\nyz\r\n"
          + "prepend k 0 0 1\r\nw\r\n"
          + "cas k 0 0 1 99 noreply\r\nv\r\n"
          + "get a b a\r\n"
          + "gets a\r\n"
          + "gat 10 a b\r\n"
          + "gats -1 a\r\n"
          + "delete k\r\n"
          + "delete k 0 noreply\r\n"
          + "incr k 18446744073709551615\r\n"
          + "decr k 1 noreply\r\n"
          + "touch k 100\r\n"
          + "flush_all\r\n"
          + "flush_all 30 noreply\r\n"
          + "stats\r\n"
          + "stats items\r\n"
          + "version\r\n"
          + "verbosity 1\r\n"
          + "shutdown\r\n"
          + "mn\r\n"
          + "mg k v c f O123 k\r\n"
          + "ms k 2 T30 F5 MA\r\nhi\r\n"
          + "md k q I T5\r\n"
          + "ma k N0 J10 D5 MD v\r\n"
          + "me k\r\n"
          + "mg Zm9v b v\r\n"
          + "quit\r\n";

  private final List<Object> leftovers = new ArrayList<>();
  private EmbeddedChannel channel = decoderChannel(ProtocolConfig.defaults());

  @AfterEach
  void release() {
    leftovers.forEach(ReferenceCountUtil::release);
    channel.finishAndReleaseAll();
  }

  private static EmbeddedChannel decoderChannel(ProtocolConfig config) {
    return new EmbeddedChannel(new MemcacheDecoder(config));
  }

  private void feed(String text) {
    feed(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  private void feed(byte[] bytes) {
    channel.writeInbound(Unpooled.copiedBuffer(bytes));
  }

  /** Describes and releases every message decoded so far. */
  private List<String> decoded() {
    List<String> result = new ArrayList<>();
    Object message;
    while ((message = channel.readInbound()) != null) {
      try {
        result.add(describe(message));
      } finally {
        ReferenceCountUtil.release(message);
      }
    }
    return result;
  }

  static String describe(Object message) {
    if (message instanceof StorageCommand s) {
      return s.type()
          + " "
          + Ascii.keyString(s.key())
          + " "
          + Integer.toUnsignedString(s.flags())
          + " "
          + s.exptime()
          + " "
          + Long.toUnsignedString(s.cas())
          + (s.noreply() ? " noreply" : "")
          + " ["
          + s.content().toString(StandardCharsets.ISO_8859_1)
          + "]";
    }
    if (message instanceof MetaCommand m) {
      return m.type()
          + " "
          + Ascii.keyString(m.key())
          + " "
          + m.flags()
          + " ["
          + m.content().toString(StandardCharsets.ISO_8859_1)
          + "]";
    }
    if (message instanceof RetrievalCommand r) {
      return r.type()
          + " "
          + r.exptime()
          + " "
          + r.keys().stream().map(Ascii::keyString).collect(Collectors.joining(","));
    }
    if (message instanceof DeleteCommand d) {
      return "DELETE " + Ascii.keyString(d.key()) + (d.noreply() ? " noreply" : "");
    }
    if (message instanceof ArithmeticCommand a) {
      return (a.increment() ? "INCR " : "DECR ")
          + Ascii.keyString(a.key())
          + " "
          + Long.toUnsignedString(a.delta())
          + (a.noreply() ? " noreply" : "");
    }
    if (message instanceof TouchCommand t) {
      return "TOUCH " + Ascii.keyString(t.key()) + " " + t.exptime();
    }
    if (message instanceof TooLargeCommand t) {
      return "TOO_LARGE " + t.type() + " " + Ascii.keyString(t.key());
    }
    return message.toString();
  }

  private List<String> decodeWhole(String text) {
    feed(text);
    return decoded();
  }

  @Test
  void everyCommandDecodesTheSameSplitAtEveryByteBoundary() {
    List<String> whole = decodeWhole(EVERY_COMMAND);
    assertThat(whole).hasSize(30);
    byte[] bytes = EVERY_COMMAND.getBytes(StandardCharsets.ISO_8859_1);
    for (int split = 1; split < bytes.length; split++) {
      channel.finishAndReleaseAll();
      channel = decoderChannel(ProtocolConfig.defaults());
      feed(java.util.Arrays.copyOfRange(bytes, 0, split));
      List<String> pieces = new ArrayList<>(decoded());
      feed(java.util.Arrays.copyOfRange(bytes, split, bytes.length));
      pieces.addAll(decoded());
      assertThat(pieces).as("split at %d", split).isEqualTo(whole);
    }
  }

  @Test
  void everyCommandDecodesFedOneByteAtATime() {
    List<String> whole = decodeWhole(EVERY_COMMAND);
    channel.finishAndReleaseAll();
    channel = decoderChannel(ProtocolConfig.defaults());
    List<String> pieces = new ArrayList<>();
    for (byte b : EVERY_COMMAND.getBytes(StandardCharsets.ISO_8859_1)) {
      feed(new byte[] {b});
      pieces.addAll(decoded());
    }
    assertThat(pieces).isEqualTo(whole);
  }

  @Test
  void commandsCarryTheirParsedFields() {
    assertThat(decodeWhole(EVERY_COMMAND))
        .startsWith(
            "SET k 1 2 0 [abc]",
            "ADD k 0 0 0 noreply []",
            "REPLACE k 4294967295 0 0 [x]",
            "APPEND k 0 0 0 [yz]",
            "PREPEND k 0 0 0 [w]",
            "CAS k 0 0 99 noreply [v]",
            "GET 0 a,b,a",
            "GETS 0 a",
            "GAT 10 a,b",
            "GATS -1 a",
            "DELETE k",
            "DELETE k noreply",
            "INCR k 18446744073709551615",
            "DECR k 1 noreply",
            "TOUCH k 100")
        .endsWith(
            "META_NOOP",
            "GET k vcfOk []",
            "SET k TFM [hi]",
            "DELETE k qIT []",
            "ARITHMETIC k NJDMv []",
            "DEBUG k  []",
            "GET foo bv []",
            "QUIT");
  }

  @Test
  void metaFlagTokensAreParsed() {
    feed("ma k N0 J10 D5 MD v O123456\r\n");
    MetaCommand command = channel.readInbound();
    assertThat(command.flags().number('J', -1)).isEqualTo(10);
    assertThat(command.flags().number('D', -1)).isEqualTo(5);
    assertThat(command.flags().number('C', -1)).isEqualTo(-1);
    assertThat(command.flags().mode()).isEqualTo((byte) 'D');
    assertThat(command.flags().opaque()).isEqualTo("123456");
    assertThat(command.flags().has('v')).isTrue();
    assertThat(command.flags().has('q')).isFalse();
    command.release();
  }

  @Test
  void twoCommandsInOneBufferGiveTwoMessages() {
    assertThat(decodeWhole("set a 0 0 1\r\n1\r\nget a\r\n"))
        .containsExactly("SET a 0 0 0 [1]", "GET 0 a");
  }

  @Test
  void dataBlockIsASliceOfTheReceivedBuffer() {
    ByteBuf in = Unpooled.copiedBuffer("set a 0 0 5\r\nhello\r\n", StandardCharsets.US_ASCII);
    channel.writeInbound(in);
    StorageCommand command = channel.readInbound();
    assertThat(command.content().unwrap()).isNotNull();
    assertThat(command.content().toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
    command.release();
  }

  @Test
  void unknownAndEmptyLinesAreErrors() {
    assertThat(decodeWhole("foo\r\n\r\nGET k\r\nget\r\n\n"))
        .containsExactly(
            "InvalidCommand[reply=ERROR, close=false]",
            "InvalidCommand[reply=ERROR, close=false]",
            "InvalidCommand[reply=ERROR, close=false]",
            "InvalidCommand[reply=ERROR, close=false]",
            "InvalidCommand[reply=ERROR, close=false]");
  }

  @Test
  void negativeOrGarbageNumbersAreBadFormatAndTheDataLineIsReadAsACommand() {
    assertThat(
            decodeWhole(
                "set k -1 0 1\r\na\r\nset k 0 abc 1\r\nset k 0 0 -1\r\nset k 4294967296 0 1\r\n"))
        .containsExactly(
            "InvalidCommand[reply=CLIENT_ERROR bad command line format, close=false]",
            "InvalidCommand[reply=ERROR, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR bad command line format, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR bad command line format, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR bad command line format, close=false]");
  }

  @Test
  void numberErrorsUseMemcachedsWording() {
    assertThat(
            decodeWhole(
                "incr k abc\r\nincr k -1\r\nincr k 18446744073709551616\r\ntouch k x\r\n"
                    + "gat x k\r\nflush_all x\r\ndelete k 1\r\nverbosity x\r\nincr k x noreply\r\n"))
        .containsExactly(
            "InvalidCommand[reply=CLIENT_ERROR invalid numeric delta argument, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR invalid numeric delta argument, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR invalid numeric delta argument, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR invalid exptime argument, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR invalid exptime argument, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR invalid exptime argument, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR bad command line format.  Usage: delete <key>"
                + " [noreply], close=false]",
            "InvalidCommand[reply=CLIENT_ERROR bad command line format, close=false]",
            "InvalidCommand[reply=, close=false]");
  }

  @Test
  void wrongTokenCountsAreErrors() {
    assertThat(decodeWhole("set k 0 0\r\ncas k 0 0 1\r\nincr k\r\ntouch k\r\nverbosity\r\n"))
        .allMatch(s -> s.equals("InvalidCommand[reply=ERROR, close=false]"))
        .hasSize(5);
  }

  @Test
  void keysTooLongOrWithNulAreRefused() {
    String longKey = "a".repeat(251);
    assertThat(
            decodeWhole(
                "get "
                    + longKey
                    + "\r\nget ok a\u0000b\r\nset "
                    + longKey
                    + " 0 0 1\r\nx\r\nget "
                    + "b".repeat(250)
                    + "\r\n"))
        .containsExactly(
            "InvalidCommand[reply=CLIENT_ERROR bad command line format, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR bad command line format, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR bad command line format, close=false]",
            "InvalidCommand[reply=ERROR, close=false]",
            "GET 0 " + "b".repeat(250));
  }

  @Test
  void controlBytesOtherThanNulAreKeyBytesAsInMemcached() {
    // memcached 1.6.18 stores and returns "a\tb" and "\u0010\u0010k" (memcaslap sends such keys).
    assertThat(decodeWhole("get a\tb \u0010\u0010k a\u007fb\r\n"))
        .containsExactly("GET 0 a\tb,\u0010\u0010k,a\u007fb");
  }

  @Test
  void missingDataTerminatorIsBadDataChunkAndTheRestIsReadAsTheNextLine() {
    assertThat(decodeWhole("set k 0 0 3\r\nabcde\r\nget k\r\nset k 0 0 1\n1\nget k\n"))
        .containsExactly(
            "InvalidCommand[reply=CLIENT_ERROR bad data chunk, close=false]",
            "InvalidCommand[reply=ERROR, close=false]",
            "GET 0 k",
            "InvalidCommand[reply=CLIENT_ERROR bad data chunk, close=false]",
            "InvalidCommand[reply=ERROR, close=false]");
  }

  @Test
  void oversizedValueIsRefusedAndSkippedAsItArrives() {
    channel = decoderChannel(ProtocolConfig.defaults().withMaxValueLength(1024));
    feed("set big 0 0 3000000\r\n");
    assertThat(decoded()).containsExactly("TOO_LARGE SET big");
    byte[] chunk = new byte[65536];
    for (int sent = 0; sent < 3_000_000; sent += chunk.length) {
      feed(java.util.Arrays.copyOf(chunk, Math.min(chunk.length, 3_000_000 - sent)));
      assertThat(decoded()).isEmpty();
    }
    feed("\r\nversion\r\n");
    assertThat(decoded()).containsExactly("VERSION");
  }

  @Test
  void hugeDeclaredLengthIsNeverBuffered() {
    feed("set big 0 0 2147483647\r\n");
    assertThat(decoded()).containsExactly("TOO_LARGE SET big");
    for (int i = 0; i < 16; i++) {
      ByteBuf chunk = Unpooled.buffer(1 << 20).writeZero(1 << 20);
      channel.writeInbound(chunk);
      assertThat(chunk.refCnt()).as("the decoder keeps nothing of a swallowed block").isZero();
    }
    assertThat(decoded()).isEmpty();
  }

  @Test
  void oversizedMetaSetIsRefusedAndSkipped() {
    channel = decoderChannel(ProtocolConfig.defaults().withMaxValueLength(1024));
    assertThat(decodeWhole("ms k 2000\r\n" + "x".repeat(2000) + "\r\nmn\r\n"))
        .containsExactly("TOO_LARGE SET k", "META_NOOP");
  }

  @Test
  void lineWithoutNewlineBeyondTheLimitClosesTheConnection() {
    feed("set " + "k".repeat(3000));
    assertThat(decoded()).containsExactly("InvalidCommand[reply=, close=true]");
    feed("version\r\n");
    assertThat(decoded()).isEmpty();
  }

  @Test
  void multigetLineMayGrowBeyondTheLineLimit() {
    StringBuilder line = new StringBuilder("get");
    for (int i = 0; i < 1000; i++) {
      line.append(" key").append(i);
    }
    String text = line.append("\r\n").toString();
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < bytes.length; i += 100) {
      feed(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 100)));
    }
    RetrievalCommand command = channel.readInbound();
    assertThat(command.keys()).hasSize(1000);
  }

  @Test
  void completeLineOverTheLimitClosesTheConnectionToo() {
    feed("version " + "x".repeat(2100) + "\r\n");
    assertThat(decoded()).containsExactly("InvalidCommand[reply=, close=true]");
  }

  @Test
  void gatLinesMayGrowLikeGetLines() {
    feed("gat 10 " + "k ".repeat(2000) + "\r\n");
    RetrievalCommand command = channel.readInbound();
    assertThat(command.keys()).hasSize(2000);
  }

  @Test
  void multigetLineBeyondItsOwnLimitClosesTheConnection() {
    channel = decoderChannel(new ProtocolConfig(2048, 4096, 250, 1 << 20));
    feed("get " + "k ".repeat(2100));
    assertThat(decoded()).containsExactly("InvalidCommand[reply=, close=true]");
  }

  @Test
  void tenThousandPipelinedCommandsInOneBufferDecodeInOrder() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 10_000; i++) {
      text.append("set k").append(i).append(" 0 0 1\r\nx\r\nget k").append(i).append("\r\n");
    }
    List<String> decoded = decodeWhole(text.toString());
    assertThat(decoded).hasSize(20_000);
    assertThat(decoded.get(19_998)).isEqualTo("SET k9999 0 0 0 [x]");
    assertThat(decoded.get(19_999)).isEqualTo("GET 0 k9999");
  }

  @Test
  void binaryProtocolMagicClosesTheConnection() {
    feed(new byte[] {(byte) 0x80, 0x00, 0x00, 0x00, 0, 0, 0, 0});
    assertThat(decoded()).containsExactly("InvalidCommand[reply=, close=true]");
  }

  @Test
  void metaErrorsUseMemcachedsWording() {
    assertThat(
            decodeWhole(
                "mg k zz\r\nmg k v v\r\nmd k x x\r\nma k D-1\r\nmg k Tabc\r\nms k 2 Fabc\r\nab\r\n"
                    + "ms k 2 MX\r\nab\r\nma k Mx\r\nmg k O"
                    + "x".repeat(33)
                    + "\r\nmg bWs b v\r\nms k 2 b\r\nab\r\nmg\r\nme\r\nms k\r\nms k abc\r\n"
                    + "mg a b c d e f g h i j k l m n o p q r s t u v w x y z\r\n"))
        .containsExactly(
            "InvalidCommand[reply=CLIENT_ERROR invalid flag, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR duplicate flag, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR invalid or duplicate flag, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR invalid or duplicate flag, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR bad token in command line format, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR bad command line format, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR invalid mode for ms M token, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR invalid mode for ma M token, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR opaque token too long, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR error decoding key, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR error decoding key, close=false]",
            "InvalidCommand[reply=ERROR, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR bad command line format, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR bad command line format, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR bad command line format, close=false]",
            "InvalidCommand[reply=CLIENT_ERROR options flags are too long, close=false]");
  }

  @Test
  void base64KeyIsDecodedAndItsWireFormKept() {
    feed("mg bWs= b k v\r\n");
    MetaCommand command = channel.readInbound();
    assertThat(Ascii.keyString(command.key())).isEqualTo("mk");
    assertThat(Ascii.keyString(command.wireKey())).isEqualTo("bWs=");
    command.release();
  }

  @Test
  void statsArgumentsAreKept() {
    assertThat(decodeWhole("stats detail dump\r\n"))
        .containsExactly("StatsCommand[args=[detail, dump]]");
  }
}
