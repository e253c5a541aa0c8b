package dev.tierkit.cache.protocol;

import java.util.Base64;

/**
 * The meta half of {@link LineParser}: key (plain or base64 with {@code b}) and flag validation for
 * {@code mg ms md ma me}. For {@code ms} the data block is described in the {@link LineParser}'s
 * fields, as for the classic storage commands; once the data length has parsed, any later error
 * skips the block (memcached 1.6.18 does the same).
 */
final class MetaLineParser {
  private static final InvalidCommand KEY_DECODING =
      InvalidCommand.clientError("error decoding key");

  private final ProtocolConfig config;
  private final LineParser pending;
  private final InvalidCommand[] error = new InvalidCommand[1];

  MetaLineParser(ProtocolConfig config, LineParser pending) {
    this.config = config;
    this.pending = pending;
  }

  /** {@code mg md ma me}: a complete command or its error. */
  MemcacheCommand parse(Tokens t, MetaCommand.Type type) {
    if (t.count < 2) {
      return type == MetaCommand.Type.DEBUG ? InvalidCommand.BAD_FORMAT : InvalidCommand.ERROR;
    }
    if (t.length(1) > config.maxKeyLength()) {
      return InvalidCommand.BAD_FORMAT;
    }
    MetaFlags parsed = MetaFlagParser.parse(t, 2, type, error);
    if (parsed == null) {
      return error[0];
    }
    byte[] decoded = metaKey(t, parsed);
    if (decoded == null) {
      return parsed.has('b') ? KEY_DECODING : InvalidCommand.BAD_FORMAT;
    }
    return new MetaCommand(type, decoded, t.bytes(1), parsed);
  }

  /** {@code ms}: null with the data block described in the line parser, or an error. */
  MemcacheCommand parseSet(Tokens t) {
    if (t.count < 2) {
      return InvalidCommand.ERROR;
    }
    if (t.count < 3 || t.length(1) > config.maxKeyLength()) {
      return InvalidCommand.BAD_FORMAT;
    }
    if (!t.parseInt(2) || t.value < 0) {
      return InvalidCommand.BAD_FORMAT;
    }
    pending.dataLength = (int) t.value;
    pending.metaType = MetaCommand.Type.SET;
    MetaFlags parsed = MetaFlagParser.parse(t, 3, MetaCommand.Type.SET, error);
    if (parsed == null) {
      pending.swallowReply = error[0];
      return null;
    }
    byte[] decoded = metaKey(t, parsed);
    if (decoded == null) {
      pending.swallowReply = parsed.has('b') ? KEY_DECODING : InvalidCommand.BAD_FORMAT;
      return null;
    }
    pending.key = decoded;
    pending.wireKey = t.bytes(1);
    pending.metaFlags = parsed;
    if (pending.dataLength > config.maxValueLength()) {
      pending.swallowReply = new TooLargeCommand(StorageCommand.Type.SET, decoded, false, true);
    }
    return null;
  }

  /** The key the store sees: base64-decoded with flag {@code b}; null when it is not valid. */
  private byte[] metaKey(Tokens t, MetaFlags parsed) {
    if (!parsed.has('b')) {
      return pending.validKey(t, 1) ? t.bytes(1) : null;
    }
    if (t.length(1) % 4 != 0) {
      return null;
    }
    try {
      byte[] decoded = Base64.getDecoder().decode(t.bytes(1));
      return decoded.length == 0 || decoded.length > config.maxKeyLength() ? null : decoded;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
