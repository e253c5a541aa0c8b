package dev.tierkit.cache.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * {@code set add replace append prepend cas}: a key, its item fields and the data block.
 *
 * <p>Ownership: {@link #content()} is a retained slice of the connection's cumulation buffer (no
 * copy); this message owns that reference and its receiver must release the message.
 */
public final class StorageCommand extends DefaultByteBufHolder implements MemcacheCommand {
  /** The storage verbs. */
  public enum Type {
    SET,
    ADD,
    REPLACE,
    APPEND,
    PREPEND,
    CAS
  }

  private final Type type;
  private final byte[] key;
  private final int flags;
  private final long exptime;
  private final long cas;
  private final boolean noreply;

  /**
   * @param flags the client's 32 bits (unsigned on the wire)
   * @param exptime the exptime as sent (relative, absolute or negative; see {@link Expiry})
   * @param cas the compare value of {@code cas}, 0 for the other verbs
   */
  public StorageCommand(
      Type type, byte[] key, int flags, long exptime, long cas, boolean noreply, ByteBuf data) {
    super(data);
    this.type = type;
    this.key = key;
    this.flags = flags;
    this.exptime = exptime;
    this.cas = cas;
    this.noreply = noreply;
  }

  public Type type() {
    return type;
  }

  public byte[] key() {
    return key;
  }

  public int flags() {
    return flags;
  }

  public long exptime() {
    return exptime;
  }

  public long cas() {
    return cas;
  }

  public boolean noreply() {
    return noreply;
  }

  @Override
  public String toString() {
    return "StorageCommand(" + type + ", " + Ascii.keyString(key) + ", " + content() + ")";
  }
}
