package dev.tierkit.dns.wire;

import io.netty.buffer.ByteBuf;
import org.xbill.DNS.Type;

/**
 * Writes RDATA, compressing the names inside it only for the types RFC 3597 section 4 allows: the
 * RFC 1035 types whose RDATA is one or two names, optionally after a fixed prefix (MX preference)
 * or before a fixed tail (SOA's five counters). Any other type, and any RDATA whose names are not
 * well formed where they should be, is copied byte for byte.
 */
final class RdataNames {
  private RdataNames() {}

  static void write(ByteBuf out, NameCompressor compressor, int type, byte[] rdata) {
    switch (type) {
      case Type.NS, Type.MD, Type.MF, Type.CNAME, Type.MB, Type.MG, Type.MR, Type.PTR ->
          writeNames(out, compressor, rdata, 0, 1);
      case Type.SOA, Type.MINFO -> writeNames(out, compressor, rdata, 0, 2);
      case Type.MX -> writeNames(out, compressor, rdata, 2, 1);
      default -> out.writeBytes(rdata);
    }
  }

  /** {@code prefix} bytes, then {@code count} (1 or 2) names compressed, then the rest as is. */
  private static void writeNames(
      ByteBuf out, NameCompressor compressor, byte[] rdata, int prefix, int count) {
    int first = prefix <= rdata.length ? nameEnd(rdata, prefix, rdata.length) : -1;
    int second = count == 2 && first > 0 ? nameEnd(rdata, first, rdata.length) : first;
    if (second < 0) {
      out.writeBytes(rdata);
      return;
    }
    out.writeBytes(rdata, 0, prefix);
    compressor.write(rdata, prefix);
    if (count == 2) {
      compressor.write(rdata, first);
    }
    out.writeBytes(rdata, second, rdata.length - second);
  }

  /**
   * The offset after the uncompressed name at {@code bytes[at]}, or -1 when it is not one (runs
   * past {@code end}, a label over 63, a pointer, over 255 octets).
   */
  static int nameEnd(byte[] bytes, int at, int end) {
    int p = at;
    while (p < end) {
      int length = bytes[p] & 0xFF;
      if (length == 0) {
        return p + 1 - at > QueryParser.MAX_NAME_LENGTH ? -1 : p + 1;
      }
      if (length > QueryParser.MAX_LABEL_LENGTH) {
        return -1;
      }
      p += length + 1;
    }
    return -1;
  }
}
