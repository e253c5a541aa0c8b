package dev.tierkit.cache.protocol;

/**
 * A storage command whose declared data block exceeds {@link ProtocolConfig#maxValueLength()}. The
 * decoder skips the block; the reply is {@code SERVER_ERROR object too large for cache} and, for
 * {@code set} (as memcached does, so no stale value outlives a failed write), the key's old item is
 * removed.
 *
 * @param meta whether it came from {@code ms} (errors of meta commands are never suppressed)
 */
// Keys are bytes as the client sent them; commands are never compared or hashed.
@SuppressWarnings("ArrayRecordComponent")
public record TooLargeCommand(StorageCommand.Type type, byte[] key, boolean noreply, boolean meta)
    implements MemcacheCommand {}
