package dev.tierkit.cache.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import io.netty.buffer.Unpooled;

/**
 * A meta command ({@code mg ms md ma me}) with its key (already base64-decoded when flag {@code b}
 * was given) and its validated flags.
 *
 * <p>Ownership: for {@code ms}, {@link #content()} is a retained slice of the cumulation buffer
 * holding the data block, owned by this message; other commands hold the empty buffer. The receiver
 * releases the message.
 */
public final class MetaCommand extends DefaultByteBufHolder implements MemcacheCommand {
  /** The meta verbs that name a key. */
  public enum Type {
    GET("mg"),
    SET("ms"),
    DELETE("md"),
    ARITHMETIC("ma"),
    DEBUG("me");

    final String verb;

    Type(String verb) {
      this.verb = verb;
    }
  }

  private final Type type;
  private final byte[] key;
  private final byte[] wireKey;
  private final MetaFlags flags;

  /**
   * @param key the key the store sees
   * @param wireKey the key as the client sent it (base64 text with {@code b}), echoed by {@code k}
   */
  public MetaCommand(Type type, byte[] key, byte[] wireKey, MetaFlags flags, ByteBuf data) {
    super(data);
    this.type = type;
    this.key = key;
    this.wireKey = wireKey;
    this.flags = flags;
  }

  /** A command without data block. */
  public MetaCommand(Type type, byte[] key, byte[] wireKey, MetaFlags flags) {
    this(type, key, wireKey, flags, Unpooled.EMPTY_BUFFER);
  }

  public Type type() {
    return type;
  }

  public byte[] key() {
    return key;
  }

  public byte[] wireKey() {
    return wireKey;
  }

  public MetaFlags flags() {
    return flags;
  }

  @Override
  public String toString() {
    return "MetaCommand(" + type.verb + ", " + Ascii.keyString(key) + ", " + flags + ")";
  }
}
