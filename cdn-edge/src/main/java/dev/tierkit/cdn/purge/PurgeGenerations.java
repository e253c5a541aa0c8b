package dev.tierkit.cdn.purge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;

/**
 * Purge generations: invalidation of everything, a host, a path prefix or a surrogate-key tag, in
 * time independent of the number of cached objects and of the number of purges.
 *
 * <h2>Design</h2>
 *
 * <p>One global counter, monotonic across restarts when persisted. A cached object is stamped with
 * {@link #current()} when its origin request is sent. Every purge increments the counter and writes
 * the new value on the purge's <em>target</em>, as a hard or a soft mark (two separate fields, each
 * only ever raised). A lookup gathers the marks of every target that matches the object and
 * compares them with the object's stamp: a hard mark above the stamp makes it {@link
 * Validity#INVALID}, else a soft mark above the stamp makes it {@link Validity#STALE}, else it is
 * {@link Validity#VALID}. Objects are never touched by a purge, which is what makes it O(1) in the
 * number of cached objects; a later re-fetch stamps the new object above the mark, so it is valid.
 *
 * <p>Layout of the targets:
 *
 * <ul>
 *   <li>everything: one mark;
 *   <li>hosts: a concurrent hash map from the lower-case host to a {@code HostNode} that holds the
 *       host's own mark and the root of its prefix trie;
 *   <li>prefixes: a character trie per host plus one for "every host"; a node at depth d carries
 *       the mark of the prefix spelled by the d characters above it. Prefixes are arbitrary
 *       strings, so {@code /ima} matches {@code /images/a.png} and {@code /imagine} alike. A lookup
 *       walks the object's path down the host's trie and the every-host trie, reading the mark of
 *       each node it passes: O(path length × log fan-out) with the children kept sorted, and the
 *       walk stops at the first missing child;
 *   <li>tags: a concurrent hash map from tag to mark, one O(1) probe per object tag.
 * </ul>
 *
 * <p>Concurrency: purges (the admin thread) are serialised by a lock; lookups (every event loop)
 * take no lock. Marks are volatile longs, and a trie node's children are one volatile reference to
 * an immutable pair of sorted arrays, replaced copy-on-write when a child is added, so a reader
 * sees either the old or the new child set, never a half-built one. A purge increments the counter
 * before it raises the mark: an object stamped in between was fetched after the purge started and
 * is rightly valid; a lookup racing with a purge that has not returned yet may still say VALID.
 *
 * <p>Memory: one mark per distinct host, per trie node (at most the summed length of the distinct
 * prefixes purged, shared prefixes counted once) and per distinct tag, whatever the number of
 * purges: repeating a purge raises an existing mark. Marks are never pruned (pruning needs the
 * oldest live object's stamp, which the store does not track); the admin API should bound the
 * distinct targets it accepts if clients are untrusted.
 *
 * <p>Persistence ({@link #open}): each purge is appended as one record and forced to the device
 * before the purge method returns. Record: {@code int payloadLength, payload, int crc32c(payload)};
 * payload: {@code byte kind, byte soft, long generation, byte hasHost, [string host], [string
 * prefix-or-tag]}, strings as {@code int length} + UTF-8. Reading stops at the first short or
 * mismatching record (a torn tail after a crash); at open the file is compacted: one record per
 * distinct mark, written to a temporary file, forced and renamed over the log. The counter restarts
 * one above the highest persisted mark: a purge whose record was torn may already have handed its
 * generation to stamps, and every later purge must still exceed them.
 *
 * <p>Limits: hosts, prefixes and tags are at most {@link #MAX_TARGET_BYTES} UTF-8 bytes each.
 */
public final class PurgeGenerations implements AutoCloseable {
  /** The validity of a stored object with respect to the purges since it was stamped. */
  public enum Validity {
    /** No purge matched it since it was stamped. */
    VALID,
    /** Soft-purged: treat as expired (revalidate); it may still be served by stale-if-error. */
    STALE,
    /** Hard-purged: never serve it. */
    INVALID
  }

  /** What a purge targeted, for the metrics. */
  public enum Kind {
    ALL,
    HOST,
    PREFIX,
    TAG
  }

  /** The longest host, prefix or tag accepted, in UTF-8 bytes. */
  public static final int MAX_TARGET_BYTES = 8192;

  private static final int MAX_RECORD = 2 * MAX_TARGET_BYTES + 64;

  private final Object purgeLock = new Object();
  private final AtomicLong counter = new AtomicLong();
  private final Mark all = new Mark();
  private final ConcurrentHashMap<String, HostNode> hosts = new ConcurrentHashMap<>();
  private final TrieNode everyHost = new TrieNode();
  private final ConcurrentHashMap<String, Mark> tags = new ConcurrentHashMap<>();
  private final AtomicLongArray purgesByKind = new AtomicLongArray(Kind.values().length);
  private final AtomicLong prefixNodes = new AtomicLong();
  private final Path file;
  private FileChannel log; // guarded by purgeLock

  private PurgeGenerations(Path file) {
    this.file = file;
  }

  /** Generations kept in memory only: a restart forgets every purge and restarts the counter. */
  public static PurgeGenerations inMemory() {
    return new PurgeGenerations(null);
  }

  /**
   * Generations persisted in {@code file} (created if missing): replays it, tolerating a torn or
   * corrupt tail, compacts it, and appends every later purge, forced before the purge returns.
   */
  public static PurgeGenerations open(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    PurgeGenerations g = new PurgeGenerations(file);
    if (Files.exists(file)) {
      g.replay(Files.readAllBytes(file));
    }
    // A purge whose record was torn may have handed out its generation to stamps already; starting
    // one above the last persisted mark keeps every later purge above every earlier stamp.
    g.counter.incrementAndGet();
    g.compact();
    return g;
  }

  /** The generation to stamp an object with; read it when the origin request is sent. */
  public long current() {
    return counter.get();
  }

  /** Purges every object; returns the new generation. */
  public long purgeAll(boolean soft) {
    return purge(Kind.ALL, soft, null, null);
  }

  /** Purges every object of {@code host} (compared lower case); returns the new generation. */
  public long purgeHost(String host, boolean soft) {
    return purge(Kind.HOST, soft, requireTarget(host, "host"), null);
  }

  /**
   * Purges every object whose path starts with {@code pathPrefix} (any string prefix, not only at a
   * {@code /}), on {@code host} or, when it is null, on every host; returns the new generation.
   */
  public long purgePrefix(String host, String pathPrefix, boolean soft) {
    return purge(
        Kind.PREFIX,
        soft,
        host == null ? null : requireTarget(host, "host"),
        requireTarget(pathPrefix, "pathPrefix"));
  }

  /** Purges every object carrying surrogate key {@code tag}; returns the new generation. */
  public long purgeTag(String tag, boolean soft) {
    return purge(Kind.TAG, soft, null, requireTarget(tag, "tag"));
  }

  /**
   * Whether an object of {@code host} (lower case) and {@code path}, with {@code tags}, stamped
   * with {@code storedGeneration}, survived the purges since. Lock-free; O(path length + tags).
   */
  public Validity validity(String host, String path, List<String> tags, long storedGeneration) {
    // Each check yields 0 (valid), 1 (stale) or 2 (invalid); the worst wins, and 2 ends the search.
    long g = storedGeneration;
    int worst = all.judge(g);
    HostNode h = hosts.get(host);
    if (h != null && worst < 2) {
      worst = Math.max(worst, h.mark.judge(g));
      if (worst < 2) {
        worst = Math.max(worst, h.prefixes.walk(path, g));
      }
    }
    if (worst < 2) {
      worst = Math.max(worst, everyHost.walk(path, g));
    }
    for (int i = 0, n = tags.size(); i < n && worst < 2; i++) {
      Mark t = this.tags.get(tags.get(i));
      if (t != null) {
        worst = Math.max(worst, t.judge(g));
      }
    }
    return worst == 2 ? Validity.INVALID : worst == 1 ? Validity.STALE : Validity.VALID;
  }

  /** How many purges of {@code kind} were made since this instance was opened. */
  public long purges(Kind kind) {
    return purgesByKind.get(kind.ordinal());
  }

  /** How many distinct hosts have a host mark or a prefix trie. */
  public int hostCount() {
    return hosts.size();
  }

  /** How many prefix trie nodes exist, over every host and the every-host trie. */
  public long prefixNodeCount() {
    return prefixNodes.get();
  }

  /** How many distinct tags have been purged. */
  public int tagCount() {
    return tags.size();
  }

  @Override
  public void close() throws IOException {
    synchronized (purgeLock) {
      if (log != null) {
        log.close();
        log = null;
      }
    }
  }

  private static String requireTarget(String value, String name) {
    Objects.requireNonNull(value, name);
    if (value.length() * 3 > MAX_TARGET_BYTES
        && value.getBytes(StandardCharsets.UTF_8).length > MAX_TARGET_BYTES) {
      throw new IllegalArgumentException(name + " is longer than " + MAX_TARGET_BYTES + " bytes");
    }
    return value;
  }

  private long purge(Kind kind, boolean soft, String host, String text) {
    String h = host == null ? null : host.toLowerCase(Locale.ROOT);
    synchronized (purgeLock) {
      long generation = counter.incrementAndGet();
      if (file != null) {
        if (log == null) {
          throw new IllegalStateException("purge generations are closed");
        }
        try {
          ByteBuffer record = encode(kind, soft, generation, h, text);
          while (record.hasRemaining()) {
            log.write(record);
          }
          log.force(false);
        } catch (IOException e) {
          // The mark is still raised below: purging more than persisted is the safe side.
          apply(kind, soft, generation, h, text);
          throw new UncheckedIOException("cannot persist purge to " + file, e);
        }
      }
      apply(kind, soft, generation, h, text);
      purgesByKind.incrementAndGet(kind.ordinal());
      return generation;
    }
  }

  private void apply(Kind kind, boolean soft, long generation, String host, String text) {
    Mark target;
    switch (kind) {
      case ALL:
        target = all;
        break;
      case HOST:
        target = hosts.computeIfAbsent(host, k -> new HostNode()).mark;
        break;
      case PREFIX:
        TrieNode root =
            host == null ? everyHost : hosts.computeIfAbsent(host, k -> new HostNode()).prefixes;
        target = root.descendOrCreate(text, prefixNodes);
        break;
      case TAG:
        target = tags.computeIfAbsent(text, k -> new Mark());
        break;
      default:
        throw new AssertionError(kind);
    }
    target.raise(soft, generation);
    if (generation > counter.get()) {
      counter.set(generation);
    }
  }

  private static ByteBuffer encode(
      Kind kind, boolean soft, long generation, String host, String text) {
    byte[] hostBytes = host == null ? null : host.getBytes(StandardCharsets.UTF_8);
    byte[] textBytes = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    int payload =
        1
            + 1
            + 8
            + 1
            + (hostBytes == null ? 0 : 4 + hostBytes.length)
            + (textBytes == null ? 0 : 4 + textBytes.length);
    ByteBuffer b = ByteBuffer.allocate(4 + payload + 4);
    b.putInt(payload);
    b.put((byte) kind.ordinal());
    b.put((byte) (soft ? 1 : 0));
    b.putLong(generation);
    b.put((byte) (hostBytes == null ? 0 : 1));
    if (hostBytes != null) {
      b.putInt(hostBytes.length).put(hostBytes);
    }
    if (textBytes != null) {
      b.putInt(textBytes.length).put(textBytes);
    }
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 4, payload);
    b.putInt((int) crc.getValue());
    return b.flip();
  }

  /** Applies every whole, intact record; stops at the first torn or corrupt one. */
  private void replay(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.remaining() >= 4) {
      int payload = b.getInt();
      if (payload < 11 || payload > MAX_RECORD || b.remaining() < payload + 4) {
        return;
      }
      int start = b.position();
      CRC32C crc = new CRC32C();
      crc.update(bytes, start, payload);
      b.position(start + payload);
      if ((int) crc.getValue() != b.getInt()) {
        return;
      }
      try {
        if (!applyRecord(ByteBuffer.wrap(bytes, start, payload).slice())) {
          return;
        }
      } catch (RuntimeException e) {
        return; // an intact checksum over a malformed record: stop as for a torn one
      }
    }
  }

  private boolean applyRecord(ByteBuffer p) {
    int kindOrdinal = p.get();
    boolean soft = p.get() != 0;
    long generation = p.getLong();
    boolean hasHost = p.get() != 0;
    if (kindOrdinal < 0 || kindOrdinal >= Kind.values().length || generation <= 0) {
      return false;
    }
    Kind kind = Kind.values()[kindOrdinal];
    String host = hasHost ? readString(p) : null;
    String text = kind == Kind.PREFIX || kind == Kind.TAG ? readString(p) : null;
    if ((kind == Kind.HOST && host == null) || p.hasRemaining()) {
      return false;
    }
    apply(kind, soft, generation, host, text);
    return true;
  }

  private static String readString(ByteBuffer p) {
    int n = p.getInt();
    if (n < 0 || n > p.remaining()) {
      throw new IllegalStateException("string length " + n + " past the record");
    }
    byte[] s = new byte[n];
    p.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  /** Rewrites the log as one record per distinct mark and opens it for appending. */
  private void compact() throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    List<ByteBuffer> records = new ArrayList<>();
    addRecords(records, Kind.ALL, all, null, null);
    for (Map.Entry<String, HostNode> e : hosts.entrySet()) {
      addRecords(records, Kind.HOST, e.getValue().mark, e.getKey(), null);
      e.getValue()
          .prefixes
          .forEachMark(
              new StringBuilder(),
              (prefix, mark) -> addRecords(records, Kind.PREFIX, mark, e.getKey(), prefix));
    }
    everyHost.forEachMark(
        new StringBuilder(),
        (prefix, mark) -> addRecords(records, Kind.PREFIX, mark, null, prefix));
    for (Map.Entry<String, Mark> e : tags.entrySet()) {
      addRecords(records, Kind.TAG, e.getValue(), null, e.getKey());
    }
    try (FileChannel out =
        FileChannel.open(
            tmp,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (ByteBuffer r : records) {
        while (r.hasRemaining()) {
          out.write(r);
        }
      }
      out.force(true);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    log = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  private static void addRecords(
      List<ByteBuffer> records, Kind kind, Mark mark, String host, String text) {
    if (mark.hard > 0) {
      records.add(encode(kind, false, mark.hard, host, text));
    }
    if (mark.soft > 0) {
      records.add(encode(kind, true, mark.soft, host, text));
    }
  }

  /** A target's two marks; 0 means never purged, since generations start at 1. */
  private static class Mark {
    volatile long hard;
    volatile long soft;

    /** 2 when hard-purged after {@code generation}, else 1 when soft-purged after it, else 0. */
    int judge(long generation) {
      if (hard > generation) {
        return 2;
      }
      return soft > generation ? 1 : 0;
    }

    void raise(boolean isSoft, long generation) {
      if (isSoft) {
        if (generation > soft) {
          soft = generation;
        }
      } else if (generation > hard) {
        hard = generation;
      }
    }
  }

  private static final class HostNode {
    final Mark mark = new Mark();
    final TrieNode prefixes = new TrieNode();
  }

  /** An immutable sorted child set; replaced whole when a child is added. */
  private static final class Children {
    static final Children NONE = new Children(new char[0], new TrieNode[0]);
    final char[] keys;
    final TrieNode[] nodes;

    Children(char[] keys, TrieNode[] nodes) {
      this.keys = keys;
      this.nodes = nodes;
    }
  }

  private static final class TrieNode extends Mark {
    volatile Children children = Children.NONE;

    TrieNode child(char c) {
      Children ch = children;
      int i = Arrays.binarySearch(ch.keys, c);
      return i >= 0 ? ch.nodes[i] : null;
    }

    /** The worst {@link Mark#judge} on the way down {@code path}, this node included. */
    int walk(String path, long generation) {
      int worst = judge(generation);
      TrieNode node = this;
      for (int i = 0, n = path.length(); i < n && worst < 2; i++) {
        node = node.child(path.charAt(i));
        if (node == null) {
          break;
        }
        worst = Math.max(worst, node.judge(generation));
      }
      return worst;
    }

    /** The node for {@code prefix}, creating it; callers hold the purge lock. */
    TrieNode descendOrCreate(String prefix, AtomicLong created) {
      TrieNode node = this;
      for (int i = 0; i < prefix.length(); i++) {
        char c = prefix.charAt(i);
        TrieNode next = node.child(c);
        if (next == null) {
          next = new TrieNode();
          Children ch = node.children;
          int at = -Arrays.binarySearch(ch.keys, c) - 1;
          int n = ch.keys.length;
          char[] keys = new char[n + 1];
          TrieNode[] nodes = new TrieNode[n + 1];
          System.arraycopy(ch.keys, 0, keys, 0, at);
          System.arraycopy(ch.nodes, 0, nodes, 0, at);
          keys[at] = c;
          nodes[at] = next;
          System.arraycopy(ch.keys, at, keys, at + 1, n - at);
          System.arraycopy(ch.nodes, at, nodes, at + 1, n - at);
          node.children = new Children(keys, nodes);
          created.incrementAndGet();
        }
        node = next;
      }
      return node;
    }

    void forEachMark(StringBuilder prefix, BiConsumer<String, Mark> out) {
      if (hard > 0 || soft > 0) {
        out.accept(prefix.toString(), this);
      }
      Children ch = children;
      for (int i = 0; i < ch.keys.length; i++) {
        prefix.append(ch.keys[i]);
        ch.nodes[i].forEachMark(prefix, out);
        prefix.setLength(prefix.length() - 1);
      }
    }
  }
}
