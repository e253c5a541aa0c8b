package dev.tierkit.cache.protocol;

import io.netty.buffer.ByteBuf;

/** Writing meta return codes and return flags in the client's flag order. */
final class MetaReplies {
  private MetaReplies() {}

  /**
   * Writes a two-letter code with its return flags (CAS and TTL only on success), or an error line
   * as is; HD is dropped in quiet mode.
   */
  static void reply(
      MetaCommand command, String code, long cas, long ttl, boolean quiet, ByteBuf out) {
    if (code.length() > 2) {
      Ascii.writeLine(out, code);
      return;
    }
    if (code.equals("HD") && quiet) {
      return;
    }
    Ascii.writeAscii(out, code);
    if (code.equals("HD")) {
      returnFlags(command, cas, ttl, out);
    } else {
      keyAndOpaque(command, out);
    }
    out.writeBytes(Ascii.CRLF);
  }

  static void returnFlags(MetaCommand command, long cas, long ttl, ByteBuf out) {
    MetaFlags flags = command.flags();
    boolean arithmetic = command.type() == MetaCommand.Type.ARITHMETIC;
    boolean withCas = command.type() != MetaCommand.Type.DELETE;
    for (int i = 0; i < flags.size(); i++) {
      switch (flags.letter(i)) {
        case 'c' -> {
          if (withCas) {
            number(out, 'c', cas);
          }
        }
        case 't' -> {
          if (arithmetic) {
            signed(out, 't', ttl);
          }
        }
        case 'k' -> key(command, out);
        case 'O' -> opaque(command, out);
        default -> {}
      }
    }
  }

  static void keyAndOpaque(MetaCommand command, ByteBuf out) {
    MetaFlags flags = command.flags();
    for (int i = 0; i < flags.size(); i++) {
      if (flags.letter(i) == 'k') {
        key(command, out);
      } else if (flags.letter(i) == 'O') {
        opaque(command, out);
      }
    }
  }

  static void key(MetaCommand command, ByteBuf out) {
    out.writeByte(' ').writeByte('k');
    out.writeBytes(command.wireKey());
    if (command.flags().has('b')) {
      out.writeByte(' ').writeByte('b');
    }
  }

  static void opaque(MetaCommand command, ByteBuf out) {
    out.writeByte(' ').writeByte('O');
    Ascii.writeAscii(out, command.flags().opaque());
  }

  static void number(ByteBuf out, char flag, long value) {
    out.writeByte(' ').writeByte(flag);
    Ascii.writeUnsigned(out, value);
  }

  static void signed(ByteBuf out, char flag, long value) {
    out.writeByte(' ').writeByte(flag);
    Ascii.writeLong(out, value);
  }
}
