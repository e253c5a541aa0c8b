package dev.tierkit.mq.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * The methods of AMQP class {@code exchange} (40): {@code exchange.declare}, {@code
 * exchange.declare-ok}, {@code exchange.delete}, {@code exchange.delete-ok}, {@code exchange.bind},
 * {@code exchange.bind-ok}, {@code exchange.unbind}, {@code exchange.unbind-ok}.
 */
public sealed interface ExchangeMethod extends Method {
  int CLASS_ID = 40;

  @Override
  default int classId() {
    return CLASS_ID;
  }

  /** {@code exchange.declare} (10). */
  record Declare(
      String exchange,
      String type,
      boolean passive,
      boolean durable,
      boolean autoDelete,
      boolean internal,
      boolean noWait,
      Map<String, Object> arguments)
      implements ExchangeMethod {
    public static final int METHOD_ID = 10;

    public Declare {
      Objects.requireNonNull(exchange, "exchange");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(arguments, "arguments");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortUint(0);
      out.shortString(exchange);
      out.shortString(type);
      out.bit(passive);
      out.bit(durable);
      out.bit(autoDelete);
      out.bit(internal);
      out.bit(noWait);
      out.table(arguments);
    }
  }

  /** {@code exchange.declare-ok} (11). */
  record DeclareOk() implements ExchangeMethod {
    public static final int METHOD_ID = 11;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** {@code exchange.delete} (20). */
  record Delete(String exchange, boolean ifUnused, boolean noWait) implements ExchangeMethod {
    public static final int METHOD_ID = 20;

    public Delete {
      Objects.requireNonNull(exchange, "exchange");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortUint(0);
      out.shortString(exchange);
      out.bit(ifUnused);
      out.bit(noWait);
    }
  }

  /** {@code exchange.delete-ok} (21). */
  record DeleteOk() implements ExchangeMethod {
    public static final int METHOD_ID = 21;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** {@code exchange.bind} (30). */
  record Bind(
      String destination,
      String source,
      String routingKey,
      boolean noWait,
      Map<String, Object> arguments)
      implements ExchangeMethod {
    public static final int METHOD_ID = 30;

    public Bind {
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(source, "source");
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
      out.shortString(destination);
      out.shortString(source);
      out.shortString(routingKey);
      out.bit(noWait);
      out.table(arguments);
    }
  }

  /** {@code exchange.bind-ok} (31). */
  record BindOk() implements ExchangeMethod {
    public static final int METHOD_ID = 31;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** {@code exchange.unbind} (40). */
  record Unbind(
      String destination,
      String source,
      String routingKey,
      boolean noWait,
      Map<String, Object> arguments)
      implements ExchangeMethod {
    public static final int METHOD_ID = 40;

    public Unbind {
      Objects.requireNonNull(destination, "destination");
      Objects.requireNonNull(source, "source");
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
      out.shortString(destination);
      out.shortString(source);
      out.shortString(routingKey);
      out.bit(noWait);
      out.table(arguments);
    }
  }

  /** {@code exchange.unbind-ok} (51). */
  record UnbindOk() implements ExchangeMethod {
    public static final int METHOD_ID = 51;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** Decodes the arguments of method {@code methodId} of this class. */
  static ExchangeMethod decode(int methodId, ArgumentReader in) {
    switch (methodId) {
      case Declare.METHOD_ID:
        {
          in.shortUint();
          String exchange = in.shortString();
          String type = in.shortString();
          boolean passive = in.bit();
          boolean durable = in.bit();
          boolean autoDelete = in.bit();
          boolean internal = in.bit();
          boolean noWait = in.bit();
          Map<String, Object> arguments = in.table();
          return new Declare(
              exchange, type, passive, durable, autoDelete, internal, noWait, arguments);
        }
      case DeclareOk.METHOD_ID:
        return new DeclareOk();
      case Delete.METHOD_ID:
        {
          in.shortUint();
          String exchange = in.shortString();
          boolean ifUnused = in.bit();
          boolean noWait = in.bit();
          return new Delete(exchange, ifUnused, noWait);
        }
      case DeleteOk.METHOD_ID:
        return new DeleteOk();
      case Bind.METHOD_ID:
        {
          in.shortUint();
          String destination = in.shortString();
          String source = in.shortString();
          String routingKey = in.shortString();
          boolean noWait = in.bit();
          Map<String, Object> arguments = in.table();
          return new Bind(destination, source, routingKey, noWait, arguments);
        }
      case BindOk.METHOD_ID:
        return new BindOk();
      case Unbind.METHOD_ID:
        {
          in.shortUint();
          String destination = in.shortString();
          String source = in.shortString();
          String routingKey = in.shortString();
          boolean noWait = in.bit();
          Map<String, Object> arguments = in.table();
          return new Unbind(destination, source, routingKey, noWait, arguments);
        }
      case UnbindOk.METHOD_ID:
        return new UnbindOk();
      default:
        throw MethodDecoder.unknown(CLASS_ID, methodId);
    }
  }
}
