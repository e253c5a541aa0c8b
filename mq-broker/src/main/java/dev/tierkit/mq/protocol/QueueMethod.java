package dev.tierkit.mq.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * The methods of AMQP class {@code queue} (50): {@code queue.declare}, {@code queue.declare-ok},
 * {@code queue.bind}, {@code queue.bind-ok}, {@code queue.purge}, {@code queue.purge-ok}, {@code
 * queue.delete}, {@code queue.delete-ok}, {@code queue.unbind}, {@code queue.unbind-ok}.
 */
public sealed interface QueueMethod extends Method {
  int CLASS_ID = 50;

  @Override
  default int classId() {
    return CLASS_ID;
  }

  /** {@code queue.declare} (10). */
  record Declare(
      String queue,
      boolean passive,
      boolean durable,
      boolean exclusive,
      boolean autoDelete,
      boolean noWait,
      Map<String, Object> arguments)
      implements QueueMethod {
    public static final int METHOD_ID = 10;

    public Declare {
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(arguments, "arguments");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortUint(0);
      out.shortString(queue);
      out.bit(passive);
      out.bit(durable);
      out.bit(exclusive);
      out.bit(autoDelete);
      out.bit(noWait);
      out.table(arguments);
    }
  }

  /** {@code queue.declare-ok} (11). */
  record DeclareOk(String queue, int messageCount, int consumerCount) implements QueueMethod {
    public static final int METHOD_ID = 11;

    public DeclareOk {
      Objects.requireNonNull(queue, "queue");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortString(queue);
      out.longUint(messageCount);
      out.longUint(consumerCount);
    }
  }

  /** {@code queue.bind} (20). */
  record Bind(
      String queue,
      String exchange,
      String routingKey,
      boolean noWait,
      Map<String, Object> arguments)
      implements QueueMethod {
    public static final int METHOD_ID = 20;

    public Bind {
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(exchange, "exchange");
      Objects.requireNonNull(routingKey, "routingKey");
      Objects.requireNonNull(arguments, "arguments");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortUint(0);
      out.shortString(queue);
      out.shortString(exchange);
      out.shortString(routingKey);
      out.bit(noWait);
      out.table(arguments);
    }
  }

  /** {@code queue.bind-ok} (21). */
  record BindOk() implements QueueMethod {
    public static final int METHOD_ID = 21;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** {@code queue.purge} (30). */
  record Purge(String queue, boolean noWait) implements QueueMethod {
    public static final int METHOD_ID = 30;

    public Purge {
      Objects.requireNonNull(queue, "queue");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortUint(0);
      out.shortString(queue);
      out.bit(noWait);
    }
  }

  /** {@code queue.purge-ok} (31). */
  record PurgeOk(int messageCount) implements QueueMethod {
    public static final int METHOD_ID = 31;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.longUint(messageCount);
    }
  }

  /** {@code queue.delete} (40). */
  record Delete(String queue, boolean ifUnused, boolean ifEmpty, boolean noWait)
      implements QueueMethod {
    public static final int METHOD_ID = 40;

    public Delete {
      Objects.requireNonNull(queue, "queue");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortUint(0);
      out.shortString(queue);
      out.bit(ifUnused);
      out.bit(ifEmpty);
      out.bit(noWait);
    }
  }

  /** {@code queue.delete-ok} (41). */
  record DeleteOk(int messageCount) implements QueueMethod {
    public static final int METHOD_ID = 41;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.longUint(messageCount);
    }
  }

  /** {@code queue.unbind} (50). */
  record Unbind(String queue, String exchange, String routingKey, Map<String, Object> arguments)
      implements QueueMethod {
    public static final int METHOD_ID = 50;

    public Unbind {
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(exchange, "exchange");
      Objects.requireNonNull(routingKey, "routingKey");
      Objects.requireNonNull(arguments, "arguments");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortUint(0);
      out.shortString(queue);
      out.shortString(exchange);
      out.shortString(routingKey);
      out.table(arguments);
    }
  }

  /** {@code queue.unbind-ok} (51). */
  record UnbindOk() implements QueueMethod {
    public static final int METHOD_ID = 51;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** Decodes the arguments of method {@code methodId} of this class. */
  static QueueMethod decode(int methodId, ArgumentReader in) {
    switch (methodId) {
      case Declare.METHOD_ID:
        {
          in.shortUint();
          String queue = in.shortString();
          boolean passive = in.bit();
          boolean durable = in.bit();
          boolean exclusive = in.bit();
          boolean autoDelete = in.bit();
          boolean noWait = in.bit();
          Map<String, Object> arguments = in.table();
          return new Declare(queue, passive, durable, exclusive, autoDelete, noWait, arguments);
        }
      case DeclareOk.METHOD_ID:
        {
          String queue = in.shortString();
          int messageCount = in.longUint();
          int consumerCount = in.longUint();
          return new DeclareOk(queue, messageCount, consumerCount);
        }
      case Bind.METHOD_ID:
        {
          in.shortUint();
          String queue = in.shortString();
          String exchange = in.shortString();
          String routingKey = in.shortString();
          boolean noWait = in.bit();
          Map<String, Object> arguments = in.table();
          return new Bind(queue, exchange, routingKey, noWait, arguments);
        }
      case BindOk.METHOD_ID:
        return new BindOk();
      case Purge.METHOD_ID:
        {
          in.shortUint();
          String queue = in.shortString();
          boolean noWait = in.bit();
          return new Purge(queue, noWait);
        }
      case PurgeOk.METHOD_ID:
        {
          int messageCount = in.longUint();
          return new PurgeOk(messageCount);
        }
      case Delete.METHOD_ID:
        {
          in.shortUint();
          String queue = in.shortString();
          boolean ifUnused = in.bit();
          boolean ifEmpty = in.bit();
          boolean noWait = in.bit();
          return new Delete(queue, ifUnused, ifEmpty, noWait);
        }
      case DeleteOk.METHOD_ID:
        {
          int messageCount = in.longUint();
          return new DeleteOk(messageCount);
        }
      case Unbind.METHOD_ID:
        {
          in.shortUint();
          String queue = in.shortString();
          String exchange = in.shortString();
          String routingKey = in.shortString();
          Map<String, Object> arguments = in.table();
          return new Unbind(queue, exchange, routingKey, arguments);
        }
      case UnbindOk.METHOD_ID:
        return new UnbindOk();
      default:
        throw MethodDecoder.unknown(CLASS_ID, methodId);
    }
  }
}
