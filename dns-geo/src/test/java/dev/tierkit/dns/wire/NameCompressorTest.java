package dev.tierkit.dns.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.CodecTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;

@CodecTest
class NameCompressorTest {
  private final NameCompressor compressor = new NameCompressor();

  private static byte[] wire(String name) {
    return Name.fromConstantString(name).toWire();
  }

  /** Writes into a fresh message that starts with 12 header bytes, returns the bytes after them. */
  private byte[] written(Consumer<NameCompressor> names) {
    ByteBuf out = Unpooled.buffer();
    try {
      out.writeBytes(new byte[3]); // not the message start: offsets are relative to it
      out.readerIndex(3);
      compressor.reset(out);
      out.writeZero(12);
      names.accept(compressor);
      compressor.clear();
      byte[] bytes = ByteBufUtil.getBytes(out);
      return java.util.Arrays.copyOfRange(bytes, 12, bytes.length);
    } finally {
      out.release();
    }
  }

  @Test
  void repeatedNameIsAPointerToTheFirst() {
    byte[] bytes =
        written(
            c -> {
              c.write(wire("www.example.com."), 0);
              c.write(wire("www.example.com."), 0);
            });
    assertThat(bytes).hasSize(17 + 2);
    assertThat(bytes[17] & 0xFF).isEqualTo(0xC0);
    assertThat(bytes[18] & 0xFF).isEqualTo(12);
  }

  @Test
  void matchingIgnoresAsciiCase() {
    byte[] bytes =
        written(
            c -> {
              c.write(wire("WWW.Example.COM."), 0);
              c.write(wire("www.example.com."), 0);
            });
    assertThat(bytes).hasSize(17 + 2);
  }

  @Test
  void sameBytesWithOtherLabelBoundariesDoNotMatch() {
    byte[] bytes =
        written(
            c -> {
              c.write(wire("ab.example."), 0);
              c.write(wire("a.b.example."), 0);
            });
    // "a.b.example" shares only the suffix "example": "a", "b" and then a pointer.
    assertThat(bytes).hasSize(12 + 2 + 2 + 2);
  }

  @Test
  void longestSuffixWins() {
    byte[] bytes =
        written(
            c -> {
              c.write(wire("example.com."), 0);
              c.write(wire("www.example.com."), 0);
              c.write(wire("mail.www.example.com."), 0);
            });
    // 13, then "www" + pointer to 12, then "mail" + pointer to the "www" label at 12 + 13.
    assertThat(bytes).hasSize(13 + 6 + 7);
    assertThat(bytes[bytes.length - 1] & 0xFF).isEqualTo(12 + 13);
  }

  @Test
  void questionNameIsRemembered() {
    ByteBuf out = Unpooled.buffer();
    try {
      compressor.reset(out);
      byte[] question = wire("a.Example.");
      out.writeZero(12).writeBytes(question);
      compressor.remember(question, 0, 12);
      compressor.write(wire("example."), 0);
      compressor.clear();
      assertThat(ByteBufUtil.getBytes(out, 12 + question.length, 2)).containsExactly(0xC0, 12 + 2);
    } finally {
      out.release();
    }
  }

  @Test
  void entryWhoseBytesDifferIsNotTrusted() {
    // The hash says "a.example." is at offset 5, but the bytes there are header zeros.
    byte[] bytes =
        written(
            c -> {
              c.remember(wire("a.example."), 0, 5);
              c.write(wire("example."), 0);
            });
    assertThat(bytes).isEqualTo(wire("example."));
  }

  @Test
  void rolledBackNamesAreForgotten() {
    byte[] bytes =
        written(
            c -> {
              int mark = c.mark();
              c.write(wire("gone.example."), 0);
              c.rollback(mark);
              c.write(wire("gone.example."), 0);
            });
    assertThat(bytes).hasSize(2 * 14);
  }

  @Test
  void fullTableStillWritesNamesUncompressed() {
    byte[] bytes =
        written(
            c -> {
              for (int i = 0; i < NameCompressor.CAPACITY; i++) {
                c.write(wire("n" + (i % 10) + "x" + i + "."), 0);
              }
              c.write(wire("late.zz."), 0);
              c.write(wire("late.zz."), 0);
            });
    byte[] tail = java.util.Arrays.copyOfRange(bytes, bytes.length - 18, bytes.length);
    assertThat(tail).isEqualTo(concat(wire("late.zz."), wire("late.zz.")));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    return Packet.concat(a, b);
  }
}
