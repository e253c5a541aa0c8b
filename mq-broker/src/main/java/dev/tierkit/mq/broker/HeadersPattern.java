package dev.tierkit.mq.broker;

import dev.tierkit.mq.protocol.ReplyCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A headers-exchange binding's arguments compiled for matching, with RabbitMQ 3.10's semantics
 * (checked against a running 3.10.8, see {@code rabbitmq-reply-texts.md}):
 *
 * <ul>
 *   <li>{@code x-match} is {@code all} (also when absent or not one of the four names), {@code
 *       any}, {@code all-with-x} or {@code any-with-x}. The key {@code x-match} itself never takes
 *       part in matching; other keys starting with {@code x-} are ignored by {@code all}/{@code
 *       any} and matched like any key by the {@code -with-x} modes.
 *   <li>A binding argument with a void (null) value matches when the header is present, whatever
 *       its value; otherwise the header must be present with an equal value ({@link
 *       FieldValues#erlangEquals}: numbers by value across types, so 1, 1L and 1.0 are equal;
 *       strings and byte arrays by bytes).
 *   <li>{@code all} with no keys left matches every message (also one without headers); {@code any}
 *       with no keys left matches none.
 * </ul>
 */
public final class HeadersPattern {
  private enum Mode {
    ALL,
    ANY
  }

  private final Mode mode;
  private final String[] keys;
  private final Object[] values;
  private final boolean[] presenceOnly;

  private HeadersPattern(Mode mode, List<Map.Entry<String, Object>> entries) {
    this.mode = mode;
    int n = entries.size();
    this.keys = new String[n];
    this.values = new Object[n];
    this.presenceOnly = new boolean[n];
    for (int i = 0; i < n; i++) {
      keys[i] = entries.get(i).getKey();
      values[i] = entries.get(i).getValue();
      presenceOnly[i] = values[i] == null;
    }
  }

  /**
   * Compiles binding arguments (null means none); never fails, as RabbitMQ's routing never does.
   */
  public static HeadersPattern compile(Map<String, Object> arguments) {
    Map<String, Object> args = arguments == null ? Map.of() : arguments;
    Object xMatch = args.get("x-match");
    String kind =
        xMatch instanceof CharSequence s && !(xMatch instanceof io.netty.util.AsciiString)
            ? s.toString()
            : "all";
    boolean withX = kind.equals("all-with-x") || kind.equals("any-with-x");
    Mode mode = kind.equals("any") || kind.equals("any-with-x") ? Mode.ANY : Mode.ALL;
    List<Map.Entry<String, Object>> entries = new ArrayList<>();
    for (Map.Entry<String, Object> e : args.entrySet()) {
      String key = e.getKey();
      if (key.equals("x-match") || (!withX && key.startsWith("x-"))) {
        continue;
      }
      entries.add(e);
    }
    return new HeadersPattern(mode, entries);
  }

  /**
   * Checks {@code x-match} as RabbitMQ's {@code queue.bind}/{@code exchange.bind} to a headers
   * exchange does, throwing 406 PRECONDITION_FAILED "Invalid x-match field value ..." or "Invalid
   * x-match field type ...".
   */
  public static void validate(Map<String, Object> arguments) throws ArgumentException {
    if (arguments == null || !arguments.containsKey("x-match")) {
      return;
    }
    Object value = arguments.get("x-match");
    String type = FieldValues.typeName(value);
    if (type.equals("longstr")) {
      String s = value.toString();
      if (!(s.equals("all")
          || s.equals("any")
          || s.equals("all-with-x")
          || s.equals("any-with-x"))) {
        throw new ArgumentException(
            ReplyCode.PRECONDITION_FAILED,
            ErlangFormat.utf8(
                ErlangFormat.concat(
                    ErlangFormat.bytes("Invalid x-match field value "),
                    ErlangFormat.binaryTerm(ErlangFormat.utf8Bytes(s)),
                    ErlangFormat.bytes("; expected all, any, all-with-x, or any-with-x"))));
      }
      return;
    }
    throw new ArgumentException(
        ReplyCode.PRECONDITION_FAILED,
        "Invalid x-match field type "
            + type
            + " (value "
            + ErlangFormat.valueTerm(value)
            + "); expected longstr");
  }

  /** True when a message with {@code headers} (never null; empty for none) matches. */
  public boolean matches(Map<String, Object> headers) {
    if (mode == Mode.ALL) {
      for (int i = 0; i < keys.length; i++) {
        if (!entryMatches(i, headers)) {
          return false;
        }
      }
      return true;
    }
    for (int i = 0; i < keys.length; i++) {
      if (entryMatches(i, headers)) {
        return true;
      }
    }
    return false;
  }

  private boolean entryMatches(int i, Map<String, Object> headers) {
    Object actual = headers.get(keys[i]);
    if (actual == null && !headers.containsKey(keys[i])) {
      return false;
    }
    return presenceOnly[i] || FieldValues.erlangEquals(values[i], actual);
  }
}
