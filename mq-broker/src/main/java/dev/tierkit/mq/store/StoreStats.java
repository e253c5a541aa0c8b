package dev.tierkit.mq.store;

/**
 * A snapshot of the message store's counters since it was opened.
 *
 * @param records records appended (publishes, transient pages, removals, purges)
 * @param bytesAppended bytes appended, record headers included
 * @param forces {@code FileChannel.force} calls on segment files
 * @param liveSegments segment files on disk, the active one included
 * @param bytesOnDisk bytes in those segment files
 * @param reclaimedSegments segment files deleted because nothing in them matters any more
 * @param pendingRequests requests submitted and not yet taken by the writer (approximate); the
 *     broker's flow control can watch it
 */
public record StoreStats(
    long records,
    long bytesAppended,
    long forces,
    int liveSegments,
    long bytesOnDisk,
    long reclaimedSegments,
    long pendingRequests) {

  /** Records per force: the group commit ratio (records when nothing was forced). */
  public double recordsPerForce() {
    return forces == 0 ? records : (double) records / forces;
  }
}
