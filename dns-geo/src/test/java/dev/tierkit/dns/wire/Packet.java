package dev.tierkit.dns.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds DNS messages byte by byte, including the malformed ones no library would write. */
final class Packet {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  /** A header with RD set, opcode QUERY and the given counts. */
  static Packet query(int qdcount, int ancount, int nscount, int arcount) {
    return header(0x1234, 0x0100, qdcount, ancount, nscount, arcount);
  }

  static Packet header(int id, int flags, int qdcount, int ancount, int nscount, int arcount) {
    return new Packet().u16(id).u16(flags).u16(qdcount).u16(ancount).u16(nscount).u16(arcount);
  }

  int size() {
    return bytes.size();
  }

  Packet u8(int value) {
    bytes.write(value);
    return this;
  }

  Packet u16(int value) {
    return u8(value >>> 8).u8(value);
  }

  Packet u32(long value) {
    return u16((int) (value >>> 16)).u16((int) value);
  }

  Packet raw(byte[] data) {
    bytes.writeBytes(data);
    return this;
  }

  Packet raw(int... data) {
    for (int b : data) {
      u8(b);
    }
    return this;
  }

  /** An uncompressed name from dotted labels ("" is the root). */
  Packet name(String dotted) {
    if (!dotted.isEmpty()) {
      for (String label : dotted.split("\\.", -1)) {
        byte[] b = label.getBytes(StandardCharsets.US_ASCII);
        u8(b.length).raw(b);
      }
    }
    return u8(0);
  }

  /** A compression pointer to {@code offset}. */
  Packet pointer(int offset) {
    return u16(0xC000 | offset);
  }

  /** A question for {@code name} type A class IN. */
  Packet question(String dotted) {
    return name(dotted).u16(1).u16(1);
  }

  /** Record fields after the owner name: type A, class IN, TTL 60, then the RDATA. */
  Packet recordTail(int type, byte[] rdata) {
    return u16(type).u16(1).u32(60).u16(rdata.length).raw(rdata);
  }

  /** An OPT record with root owner and the given options' bytes. */
  Packet opt(int payload, int version, boolean dnssecOk, byte[] options) {
    return u8(0)
        .u16(41)
        .u16(payload)
        .u8(0)
        .u8(version)
        .u16(dnssecOk ? 0x8000 : 0)
        .u16(options.length)
        .raw(options);
  }

  /** One EDNS option. */
  static byte[] option(int code, int... data) {
    Packet p = new Packet().u16(code).u16(data.length);
    return p.raw(data).toBytes();
  }

  /** An ECS option with the raw fields given. */
  static byte[] ecs(int family, int source, int scope, int... address) {
    int[] data = new int[4 + address.length];
    data[0] = family >>> 8;
    data[1] = family & 0xFF;
    data[2] = source;
    data[3] = scope;
    System.arraycopy(address, 0, data, 4, address.length);
    return option(8, data);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  byte[] toBytes() {
    return bytes.toByteArray();
  }
}
