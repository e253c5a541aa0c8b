package dev.tierkit.cache.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one tokenized command line into a command, following memcached 1.6's argument rules and
 * error replies (token counts, {@code noreply} as last token, number syntax). A storage line whose
 * data block must be read next yields null and leaves the block's description in its fields; when
 * {@link #swallowReply} is set the block is to be skipped and that reply given instead.
 */
final class LineParser {
  private static final InvalidCommand DELETE_USAGE =
      InvalidCommand.clientError("bad command line format.  Usage: delete <key> [noreply]");
  private static final InvalidCommand INVALID_EXPTIME =
      InvalidCommand.clientError("invalid exptime argument");
  private static final InvalidCommand INVALID_DELTA =
      InvalidCommand.clientError("invalid numeric delta argument");

  private final ProtocolConfig config;
  private final MetaLineParser meta;

  // The data block that follows, valid after parse() returned null.
  StorageCommand.Type storageType;
  MetaCommand.Type metaType;
  byte[] key;
  byte[] wireKey;
  MetaFlags metaFlags;
  int flags;
  long exptime;
  long cas;
  boolean noreply;
  int dataLength;
  MemcacheCommand swallowReply;

  LineParser(ProtocolConfig config) {
    this.config = config;
    this.meta = new MetaLineParser(config, this);
  }

  /** The command on the line, or null when a data block of {@link #dataLength} bytes follows. */
  MemcacheCommand parse(Tokens t) {
    if (t.count == 0) {
      return InvalidCommand.ERROR;
    }
    storageType = null;
    metaType = null;
    swallowReply = null;
    // The commands of nearly every request are matched on the bytes, without making a String.
    if (t.is(0, "get")) {
      return retrieval(t, RetrievalCommand.Type.GET);
    }
    if (t.is(0, "set")) {
      return storage(t, StorageCommand.Type.SET);
    }
    return switch (t.string(0)) {
      case "get" -> retrieval(t, RetrievalCommand.Type.GET);
      case "gets" -> retrieval(t, RetrievalCommand.Type.GETS);
      case "gat" -> retrieval(t, RetrievalCommand.Type.GAT);
      case "gats" -> retrieval(t, RetrievalCommand.Type.GATS);
      case "set" -> storage(t, StorageCommand.Type.SET);
      case "add" -> storage(t, StorageCommand.Type.ADD);
      case "replace" -> storage(t, StorageCommand.Type.REPLACE);
      case "append" -> storage(t, StorageCommand.Type.APPEND);
      case "prepend" -> storage(t, StorageCommand.Type.PREPEND);
      case "cas" -> storage(t, StorageCommand.Type.CAS);
      case "delete" -> delete(t);
      case "incr" -> arithmetic(t, true);
      case "decr" -> arithmetic(t, false);
      case "touch" -> touch(t);
      case "flush_all" -> flushAll(t);
      case "stats" -> stats(t);
      case "verbosity" -> verbosity(t);
      case "version" -> ControlCommand.VERSION;
      case "quit" -> ControlCommand.QUIT;
      case "shutdown" -> ControlCommand.SHUTDOWN;
      case "mn" -> ControlCommand.META_NOOP;
      case "mg" -> meta.parse(t, MetaCommand.Type.GET);
      case "md" -> meta.parse(t, MetaCommand.Type.DELETE);
      case "ma" -> meta.parse(t, MetaCommand.Type.ARITHMETIC);
      case "me" -> meta.parse(t, MetaCommand.Type.DEBUG);
      case "ms" -> meta.parseSet(t);
      default -> InvalidCommand.ERROR;
    };
  }

  /**
   * Whether token {@code token} is a valid text key: not too long and without a NUL byte. Other
   * control bytes are accepted, as memcached 1.6 accepts them (its tokenizer splits on spaces
   * only); libmemcached's load tool {@code memcaslap} sends keys that start with such bytes.
   */
  boolean validKey(Tokens t, int token) {
    int length = t.length(token);
    if (length > config.maxKeyLength()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (t.byteAt(token, i) == 0) {
        return false;
      }
    }
    return true;
  }

  private MemcacheCommand retrieval(Tokens t, RetrievalCommand.Type type) {
    int first = type.touches() ? 2 : 1;
    if (t.count < 2) {
      return InvalidCommand.ERROR;
    }
    long exptime = 0;
    if (type.touches()) {
      if (!t.parseInt(1)) {
        return INVALID_EXPTIME;
      }
      exptime = t.value;
    }
    if (t.count - first == 1) {
      // Most gets ask for one key: no list to grow.
      return validKey(t, first)
          ? new RetrievalCommand(type, exptime, List.of(t.bytes(first)))
          : InvalidCommand.BAD_FORMAT;
    }
    List<byte[]> keys = new ArrayList<>(Math.max(0, t.count - first));
    for (int i = first; i < t.count; i++) {
      if (!validKey(t, i)) {
        return InvalidCommand.BAD_FORMAT;
      }
      keys.add(t.bytes(i));
    }
    return new RetrievalCommand(type, exptime, keys);
  }

  private MemcacheCommand storage(Tokens t, StorageCommand.Type type) {
    int base = type == StorageCommand.Type.CAS ? 6 : 5;
    if (t.count != base && t.count != base + 1) {
      return InvalidCommand.ERROR;
    }
    boolean quiet = t.count == base + 1 && t.endsWithNoreply();
    InvalidCommand bad = quiet ? InvalidCommand.SILENT : InvalidCommand.BAD_FORMAT;
    if (!validKey(t, 1)) {
      return bad;
    }
    if (!t.parseUnsigned32(2, 0)) {
      return bad;
    }
    int parsedFlags = (int) t.value;
    if (!t.parseInt(3)) {
      return bad;
    }
    long parsedExptime = t.value;
    if (!t.parseInt(4) || t.value < 0) {
      return bad;
    }
    int length = (int) t.value;
    long parsedCas = 0;
    if (type == StorageCommand.Type.CAS) {
      if (!t.parseUnsigned(5)) {
        return bad;
      }
      parsedCas = t.value;
    }
    storageType = type;
    key = t.bytes(1);
    flags = parsedFlags;
    exptime = parsedExptime;
    cas = parsedCas;
    noreply = quiet;
    dataLength = length;
    if (length > config.maxValueLength()) {
      swallowReply = new TooLargeCommand(type, key, quiet, false);
    }
    return null;
  }

  private MemcacheCommand delete(Tokens t) {
    if (t.count < 2 || t.count > 4) {
      return InvalidCommand.ERROR;
    }
    boolean quiet = t.endsWithNoreply();
    if (t.count > 2) {
      boolean holdIsZero = t.is(2, "0");
      boolean valid = t.count == 3 ? holdIsZero || quiet : holdIsZero && quiet;
      if (!valid) {
        return quiet ? InvalidCommand.SILENT : DELETE_USAGE;
      }
    }
    if (!validKey(t, 1)) {
      return quiet ? InvalidCommand.SILENT : InvalidCommand.BAD_FORMAT;
    }
    return new DeleteCommand(t.bytes(1), quiet);
  }

  private MemcacheCommand arithmetic(Tokens t, boolean increment) {
    if (t.count != 3 && t.count != 4) {
      return InvalidCommand.ERROR;
    }
    boolean quiet = t.count == 4 && t.endsWithNoreply();
    if (!validKey(t, 1)) {
      return quiet ? InvalidCommand.SILENT : InvalidCommand.BAD_FORMAT;
    }
    if (!t.parseUnsigned(2)) {
      return quiet ? InvalidCommand.SILENT : INVALID_DELTA;
    }
    return new ArithmeticCommand(increment, t.bytes(1), t.value, quiet);
  }

  private MemcacheCommand touch(Tokens t) {
    if (t.count != 3 && t.count != 4) {
      return InvalidCommand.ERROR;
    }
    boolean quiet = t.count == 4 && t.endsWithNoreply();
    if (!validKey(t, 1)) {
      return quiet ? InvalidCommand.SILENT : InvalidCommand.BAD_FORMAT;
    }
    if (!t.parseInt(2)) {
      return quiet ? InvalidCommand.SILENT : INVALID_EXPTIME;
    }
    return new TouchCommand(t.bytes(1), t.value, quiet);
  }

  private MemcacheCommand flushAll(Tokens t) {
    if (t.count > 3) {
      return InvalidCommand.ERROR;
    }
    boolean quiet = t.endsWithNoreply();
    if (t.count == 1 || (t.count == 2 && quiet)) {
      return new FlushAllCommand(0, quiet);
    }
    if (!t.parseInt(1)) {
      return quiet ? InvalidCommand.SILENT : INVALID_EXPTIME;
    }
    return new FlushAllCommand(t.value, quiet);
  }

  private MemcacheCommand stats(Tokens t) {
    List<String> args = new ArrayList<>(t.count - 1);
    for (int i = 1; i < t.count; i++) {
      args.add(t.string(i));
    }
    return new StatsCommand(List.copyOf(args));
  }

  private MemcacheCommand verbosity(Tokens t) {
    if (t.count != 2 && t.count != 3) {
      return InvalidCommand.ERROR;
    }
    boolean quiet = t.endsWithNoreply();
    if (!t.parseUnsigned32(1, 0)) {
      return quiet ? InvalidCommand.SILENT : InvalidCommand.BAD_FORMAT;
    }
    return new VerbosityCommand((int) t.value, quiet);
  }
}
