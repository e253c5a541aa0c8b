package dev.tierkit.mq.store;

/**
 * When the message store forces what it wrote to the device before it calls a record durable.
 *
 * <ul>
 *   <li>{@link #ALWAYS}: one force after every publish, removal and purge record, no grouping; the
 *       slow reference point.
 *   <li>{@link #BATCH} (the default): one {@code FileChannel.force(false)} per batch the writer
 *       drains, so every publisher waiting at that moment shares one fsync (group commit).
 *   <li>{@link #NEVER}: no force; a record counts as durable once written to the OS page cache,
 *       which survives {@code kill -9} of the broker but not a power loss or kernel crash.
 * </ul>
 *
 * <p>Transient pages (queues paging non-persistent bodies out of memory) are never forced for, in
 * any mode.
 */
public enum FsyncMode {
  ALWAYS,
  BATCH,
  NEVER
}
