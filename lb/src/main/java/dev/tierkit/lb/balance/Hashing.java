package dev.tierkit.lb.balance;

import java.nio.charset.StandardCharsets;

/**
 * 64-bit hashing for balancing keys and ring points: FNV-1a over the bytes, then MurmurHash3's
 * {@code fmix64} finalizer. FNV-1a alone mixes its last bytes poorly (keys that differ only at the
 * end land near each other on a ring); the finalizer spreads every input bit over the output. Not
 * for security: a client who can choose keys can choose collisions, which costs it nothing but its
 * own placement.
 */
public final class Hashing {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Hashing() {}

  /** The hash of {@code bytes[offset, offset + length)}. */
  public static long hash64(byte[] bytes, int offset, int length) {
    long h = FNV_OFFSET;
    for (int i = offset; i < offset + length; i++) {
      h ^= bytes[i] & 0xff;
      h *= FNV_PRIME;
    }
    return mix(h);
  }

  /** The hash of {@code bytes}. */
  public static long hash64(byte[] bytes) {
    return hash64(bytes, 0, bytes.length);
  }

  /** The hash of {@code text}'s UTF-8 bytes. */
  public static long hash64(CharSequence text) {
    long h = FNV_OFFSET;
    boolean ascii = true;
    for (int i = 0; i < text.length() && ascii; i++) {
      ascii = text.charAt(i) < 0x80;
    }
    if (!ascii) {
      return hash64(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= FNV_PRIME;
    }
    return mix(h);
  }

  /** MurmurHash3's 64-bit finalizer: every input bit affects every output bit. */
  public static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
