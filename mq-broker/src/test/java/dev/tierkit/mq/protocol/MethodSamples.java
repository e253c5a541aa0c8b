package dev.tierkit.mq.protocol;

import io.netty.util.AsciiString;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One instance of every method record, with arguments that exercise each field. */
final class MethodSamples {
  private MethodSamples() {}

  /** A table holding every field type, as the decoder returns them. */
  static Map<String, Object> everyFieldType() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("publisher_confirms", true);
    nested.put("basic.nack", false);
    Map<String, Object> table = new LinkedHashMap<>();
    table.put("bool", true);
    table.put("byte", (byte) -7);
    table.put("short", (short) -300);
    table.put("int", -70_000);
    table.put("long", Long.MIN_VALUE);
    table.put("float", 1.5f);
    table.put("double", -2.25d);
    table.put("decimal", new BigDecimal("-12.345"));
    table.put("string", "h\u00e9llo");
    table.put("timestamp", Instant.ofEpochSecond(1_700_000_000L));
    table.put("void", null);
    table.put("bytes", new AsciiString(new byte[] {0, -1, 42}, false));
    table.put("array", Arrays.asList(1, "two", null, List.of(3L), nested));
    table.put("capabilities", nested);
    return table;
  }

  static AsciiString bytes(String s) {
    return new AsciiString(s.getBytes(StandardCharsets.UTF_8), false);
  }

  static List<Method> all() {
    Map<String, Object> args = Map.of("x-message-ttl", 60_000, "x-dead-letter-exchange", "dlx");
    List<Method> methods = new ArrayList<>();
    methods.add(new ConnectionMethod.Start(0, 9, everyFieldType(), "PLAIN AMQPLAIN", "en_US"));
    methods.add(
        new ConnectionMethod.StartOk(everyFieldType(), "PLAIN", bytes("\0guest\0guest"), "en_US"));
    methods.add(new ConnectionMethod.Secure(bytes("challenge")));
    methods.add(new ConnectionMethod.SecureOk(bytes("answer")));
    methods.add(new ConnectionMethod.Tune(2047, 131_072, 60));
    methods.add(new ConnectionMethod.TuneOk(65_535, -1, 0));
    methods.add(new ConnectionMethod.Open("/"));
    methods.add(new ConnectionMethod.OpenOk());
    methods.add(new ConnectionMethod.Close(320, "CONNECTION_FORCED - shutdown", 60, 40));
    methods.add(new ConnectionMethod.CloseOk());
    methods.add(new ConnectionMethod.Blocked("low on memory"));
    methods.add(new ConnectionMethod.Unblocked());
    methods.add(new ConnectionMethod.UpdateSecret(bytes("token"), "refresh"));
    methods.add(new ConnectionMethod.UpdateSecretOk());
    methods.add(new ChannelMethod.Open());
    methods.add(new ChannelMethod.OpenOk());
    methods.add(new ChannelMethod.Flow(true));
    methods.add(new ChannelMethod.FlowOk(false));
    methods.add(new ChannelMethod.Close(404, "NOT_FOUND - no queue 'q'", 50, 10));
    methods.add(new ChannelMethod.CloseOk());
    methods.add(new ExchangeMethod.Declare("logs", "topic", false, true, true, false, true, args));
    methods.add(new ExchangeMethod.DeclareOk());
    methods.add(new ExchangeMethod.Delete("logs", true, false));
    methods.add(new ExchangeMethod.DeleteOk());
    methods.add(new ExchangeMethod.Bind("dst", "src", "a.*", true, args));
    methods.add(new ExchangeMethod.BindOk());
    methods.add(new ExchangeMethod.Unbind("dst", "src", "a.#", false, Map.of()));
    methods.add(new ExchangeMethod.UnbindOk());
    methods.add(new QueueMethod.Declare("", true, false, true, false, true, args));
    methods.add(new QueueMethod.DeclareOk("amq.gen-JzTY20BRgKO-HjmUJj0wLg", 12, -1));
    methods.add(new QueueMethod.Bind("q", "amq.direct", "key", false, Map.of()));
    methods.add(new QueueMethod.BindOk());
    methods.add(new QueueMethod.Purge("q", true));
    methods.add(new QueueMethod.PurgeOk(99));
    methods.add(new QueueMethod.Delete("q", true, false, true));
    methods.add(new QueueMethod.DeleteOk(0));
    methods.add(new QueueMethod.Unbind("q", "amq.topic", "#", args));
    methods.add(new QueueMethod.UnbindOk());
    methods.add(new BasicMethod.Qos(0, 1, true));
    methods.add(new BasicMethod.QosOk());
    methods.add(new BasicMethod.Consume("q", "ctag-1", false, true, true, false, args));
    methods.add(new BasicMethod.ConsumeOk("ctag-1"));
    methods.add(new BasicMethod.Cancel("ctag-1", true));
    methods.add(new BasicMethod.CancelOk("ctag-1"));
    methods.add(new BasicMethod.Publish("amq.direct", "rk", true, false));
    methods.add(new BasicMethod.Return(312, "NO_ROUTE", "amq.direct", "rk"));
    methods.add(new BasicMethod.Deliver("ctag-1", Long.MAX_VALUE, true, "", "q"));
    methods.add(new BasicMethod.Get("q", true));
    methods.add(new BasicMethod.GetOk(7, false, "x", "y", 3));
    methods.add(new BasicMethod.GetEmpty());
    methods.add(new BasicMethod.Ack(42, true));
    methods.add(new BasicMethod.Reject(43, false));
    methods.add(new BasicMethod.RecoverAsync(true));
    methods.add(new BasicMethod.Recover(false));
    methods.add(new BasicMethod.RecoverOk());
    methods.add(new BasicMethod.Nack(44, true, false));
    methods.add(new ConfirmMethod.Select(false));
    methods.add(new ConfirmMethod.SelectOk());
    methods.add(new TxMethod.Select());
    methods.add(new TxMethod.SelectOk());
    methods.add(new TxMethod.Commit());
    methods.add(new TxMethod.CommitOk());
    methods.add(new TxMethod.Rollback());
    methods.add(new TxMethod.RollbackOk());
    return methods;
  }
}
