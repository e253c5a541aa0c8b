package dev.tierkit.cache.protocol;

import dev.tierkit.cache.store.ValueSource;
import io.netty.buffer.ByteBuf;

/** A received data block offered to the store, which copies it once into its own memory. */
final class ByteBufValueSource implements ValueSource {
  private final ByteBuf data;

  /** Wraps {@code data} without taking ownership (the command that holds it releases it). */
  ByteBufValueSource(ByteBuf data) {
    this.data = data;
  }

  @Override
  public int length() {
    return data.readableBytes();
  }

  @Override
  public void copyTo(byte[] dst, int offset) {
    data.getBytes(data.readerIndex(), dst, offset, data.readableBytes());
  }
}
