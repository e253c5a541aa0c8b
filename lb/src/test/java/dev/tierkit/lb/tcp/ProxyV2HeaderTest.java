package dev.tierkit.lb.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.common.testing.CodecTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

@CodecTest
class ProxyV2HeaderTest {
  private static InetSocketAddress at(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  /** Decodes {@code header} fed one byte at a time, with {@code trailer} bytes behind it. */
  private static HAProxyMessage decode(ByteBuf header, String trailer) {
    EmbeddedChannel ch = new EmbeddedChannel(new HAProxyMessageDecoder());
    ByteBuf all = Unpooled.wrappedBuffer(header, Unpooled.copiedBuffer(trailer.getBytes()));
    while (all.isReadable()) {
      ch.writeInbound(all.readRetainedSlice(1));
    }
    all.release();
    HAProxyMessage message = ch.readInbound();
    StringBuilder rest = new StringBuilder();
    for (ByteBuf b; (b = ch.readInbound()) != null; ) {
      rest.append(b.toString(java.nio.charset.StandardCharsets.US_ASCII));
      b.release();
    }
    assertThat(rest.toString()).isEqualTo(trailer);
    ch.finishAndReleaseAll();
    return message;
  }

  @Test
  void ipv4HeaderDecodesToTheSameAddressesAndLeavesTheStreamBehind() throws Exception {
    ByteBuf header =
        ProxyV2Header.encode(
            ByteBufAllocator.DEFAULT, at("203.0.113.7", 50123), at("198.51.100.1", 443));
    assertThat(header.readableBytes()).isEqualTo(28);
    HAProxyMessage m = decode(header, "hello");
    try {
      assertThat(m.protocolVersion()).isEqualTo(HAProxyProtocolVersion.V2);
      assertThat(m.command()).isEqualTo(HAProxyCommand.PROXY);
      assertThat(m.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP4);
      assertThat(m.sourceAddress()).isEqualTo("203.0.113.7");
      assertThat(m.sourcePort()).isEqualTo(50123);
      assertThat(m.destinationAddress()).isEqualTo("198.51.100.1");
      assertThat(m.destinationPort()).isEqualTo(443);
    } finally {
      m.release();
    }
  }

  @Test
  void ipv6HeaderDecodes() throws Exception {
    ByteBuf header =
        ProxyV2Header.encode(ByteBufAllocator.DEFAULT, at("2001:db8::7", 1), at("2001:db8::1", 80));
    assertThat(header.readableBytes()).isEqualTo(52);
    HAProxyMessage m = decode(header, "");
    try {
      assertThat(m.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP6);
      assertThat(InetAddress.getByName(m.sourceAddress()))
          .isEqualTo(InetAddress.getByName("2001:db8::7"));
      assertThat(m.sourcePort()).isEqualTo(1);
      assertThat(m.destinationPort()).isEqualTo(80);
    } finally {
      m.release();
    }
  }

  @Test
  void mixedFamiliesAreSentAsIpv6WithTheIpv4AddressMapped() throws Exception {
    ByteBuf header =
        ProxyV2Header.encode(ByteBufAllocator.DEFAULT, at("192.0.2.9", 65535), at("::1", 8080));
    HAProxyMessage m = decode(header, "x");
    try {
      assertThat(m.proxiedProtocol()).isEqualTo(HAProxyProxiedProtocol.TCP6);
      // The JDK folds an IPv4-mapped IPv6 address back to the IPv4 one.
      assertThat(InetAddress.getByName(m.sourceAddress()))
          .isEqualTo(InetAddress.getByName("192.0.2.9"));
      assertThat(m.sourcePort()).isEqualTo(65535);
    } finally {
      m.release();
    }
  }
}
