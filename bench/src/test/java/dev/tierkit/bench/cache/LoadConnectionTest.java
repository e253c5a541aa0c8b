package dev.tierkit.bench.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load generator's reply checks, against a fake server that sends canned replies. */
@Timeout(10)
class LoadConnectionTest {
  private static final int MIN = 32;
  private static final int MAX = 128;

  private final ValuePattern values = new ValuePattern(MAX);
  private ServerSocketChannel listener;
  private SocketChannel server;
  private LoadConnection client;
  private final LoadStats stats = new LoadStats();

  @BeforeEach
  void connect() throws IOException {
    listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    SocketChannel channel = SocketChannel.open(listener.getLocalAddress());
    server = listener.accept();
    client = new LoadConnection(channel, values, MIN, MAX, 16);
  }

  @AfterEach
  void close() throws IOException {
    client.close();
    server.close();
    listener.close();
  }

  @Test
  void correctHitSentOneByteAtATimeCountsAsHit() throws IOException {
    client.encodeGet(7, 0);
    assertThat(client.flush()).isTrue();
    assertThat(readRequest()).isEqualTo("get key:0000000007\r\n");
    byte[] reply = valueReply(7, 50, 50);
    for (byte b : reply) {
      send(new byte[] {b});
      assertThat(client.readReplies(stats, true, 1)).isTrue();
    }
    assertThat(client.outstanding()).isZero();
    assertThat(stats.hits).isEqualTo(1);
    assertThat(stats.errors).isZero();
  }

  @Test
  void setRequestCarriesItsLengthAsFlagsAndThePatternAsValue() throws IOException {
    client.encodeSet(3, 40, 0);
    client.flush();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(ascii("set key:0000000003 40 0 40\r\n"));
    byte[] value = new byte[40];
    values.writeValue(value, 0, 3, 40);
    expected.writeBytes(value);
    expected.writeBytes(ascii("\r\n"));
    assertThat(readRequest()).isEqualTo(expected.toString(StandardCharsets.US_ASCII));
  }

  @Test
  void missStoredAndErrorRepliesInOneBufferAreEachCounted() throws IOException {
    client.encodeGet(1, 0);
    client.encodeSet(2, 64, 0);
    client.encodeSet(3, 64, 0);
    client.encodeGet(4, 0);
    client.flush();
    send(ascii("END\r\nSTORED\r\nSERVER_ERROR out of memory storing object\r\n"));
    send(valueReply(4, 33, 33));
    readUntilSettled();
    assertThat(stats.misses).isEqualTo(1);
    assertThat(stats.stored).isEqualTo(1);
    assertThat(stats.hits).isEqualTo(1);
    assertThat(stats.errors).isEqualTo(1);
    assertThat(stats.firstError).contains("SERVER_ERROR out of memory");
  }

  @Test
  void wrongValueBytesWrongKeyAndWrongFlagsAreErrors() throws IOException {
    for (int i = 0; i < 3; i++) {
      client.encodeGet(9, 0);
    }
    client.flush();
    byte[] corrupt = valueReply(9, 40, 40);
    corrupt[corrupt.length - 10] ^= 1;
    send(corrupt);
    send(valueReply(8, 40, 40, "key:0000000009"));
    send(valueReply(9, 41, 40));
    readUntilSettled();
    assertThat(stats.hits).isZero();
    assertThat(stats.errors).isEqualTo(3);
    assertThat(client.closed()).isFalse();
  }

  @Test
  void aReplyThatCannotBeFramedClosesTheConnection() throws IOException {
    client.encodeGet(1, 0);
    client.flush();
    send(ascii("VALUE key:0000000001 40 40\r\n" + "x".repeat(40) + "XXEND\r\n"));
    boolean open = true;
    for (int i = 0; i < 100 && open; i++) {
      open = client.readReplies(stats, true, 1);
    }
    assertThat(open).isFalse();
    assertThat(client.closed()).isTrue();
    assertThat(stats.errors).isEqualTo(1);
  }

  private void readUntilSettled() throws IOException {
    for (int i = 0; i < 1000 && client.outstanding() > 0; i++) {
      assertThat(client.readReplies(stats, true, 1)).isTrue();
    }
    assertThat(client.outstanding()).isZero();
  }

  private byte[] valueReply(long key, int flags, int length) {
    return valueReply(key, flags, length, null);
  }

  /** A VALUE reply with the pattern of {@code key}, under {@code keyText} if given. */
  private byte[] valueReply(long key, int flags, int length, String keyText) {
    byte[] name = new byte[ValuePattern.KEY_LENGTH];
    ValuePattern.writeKey(name, 0, key);
    String header =
        "VALUE "
            + (keyText != null ? keyText : new String(name, StandardCharsets.US_ASCII))
            + " "
            + flags
            + " "
            + length
            + "\r\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ascii(header));
    byte[] value = new byte[length];
    values.writeValue(value, 0, key, length);
    out.writeBytes(value);
    out.writeBytes(ascii("\r\nEND\r\n"));
    return out.toByteArray();
  }

  private void send(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      server.write(buffer);
    }
  }

  private String readRequest() throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    server.read(buffer);
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
