package dev.tierkit.lb.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Encodes the PROXY protocol v2 header a relay sends first on a backend connection: command PROXY,
 * TCP over IPv4 (28 bytes) or IPv6 (52 bytes), no TLVs.
 *
 * <p>Written by hand rather than through {@code HAProxyMessageEncoder}: that one needs a handler in
 * the backend pipeline and an {@code HAProxyMessage} built from address strings, which it parses
 * back; here the bytes come straight from the socket addresses. When the two addresses are of
 * different families (an IPv4 client on an IPv6 listener), both are sent as IPv6, the IPv4 one
 * mapped ({@code ::ffff:a.b.c.d}).
 */
final class ProxyV2Header {
  private static final byte[] SIGNATURE = {
    0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A
  };
  private static final int VERSION_2_PROXY = 0x21;
  private static final int TCP_OVER_IPV4 = 0x11;
  private static final int TCP_OVER_IPV6 = 0x21;

  private ProxyV2Header() {}

  /** The header saying a connection came from {@code source} to {@code destination}. */
  static ByteBuf encode(
      ByteBufAllocator alloc, InetSocketAddress source, InetSocketAddress destination) {
    InetAddress src = source.getAddress();
    InetAddress dst = destination.getAddress();
    boolean v4 = src instanceof Inet4Address && dst instanceof Inet4Address;
    int addressLength = v4 ? 12 : 36;
    ByteBuf out = alloc.buffer(16 + addressLength);
    out.writeBytes(SIGNATURE);
    out.writeByte(VERSION_2_PROXY);
    out.writeByte(v4 ? TCP_OVER_IPV4 : TCP_OVER_IPV6);
    out.writeShort(addressLength);
    writeAddress(out, src, v4);
    writeAddress(out, dst, v4);
    out.writeShort(source.getPort());
    out.writeShort(destination.getPort());
    return out;
  }

  private static void writeAddress(ByteBuf out, InetAddress address, boolean v4) {
    byte[] bytes = address.getAddress();
    if (!v4 && bytes.length == 4) {
      out.writeZero(10);
      out.writeShort(0xFFFF);
    }
    out.writeBytes(bytes);
  }
}
