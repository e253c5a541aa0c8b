package dev.tierkit.mq.protocol;

import java.util.Map;
import java.util.Objects;

/**
 * The methods of AMQP class {@code basic} (60): {@code basic.qos}, {@code basic.qos-ok}, {@code
 * basic.consume}, {@code basic.consume-ok}, {@code basic.cancel}, {@code basic.cancel-ok}, {@code
 * basic.publish}, {@code basic.return}, {@code basic.deliver}, {@code basic.get}, {@code
 * basic.get-ok}, {@code basic.get-empty}, {@code basic.ack}, {@code basic.reject}, {@code
 * basic.recover-async}, {@code basic.recover}, {@code basic.recover-ok}, {@code basic.nack}.
 */
public sealed interface BasicMethod extends Method {
  int CLASS_ID = 60;

  @Override
  default int classId() {
    return CLASS_ID;
  }

  /** {@code basic.qos} (10). */
  record Qos(int prefetchSize, int prefetchCount, boolean global) implements BasicMethod {
    public static final int METHOD_ID = 10;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.longUint(prefetchSize);
      out.shortUint(prefetchCount);
      out.bit(global);
    }
  }

  /** {@code basic.qos-ok} (11). */
  record QosOk() implements BasicMethod {
    public static final int METHOD_ID = 11;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** {@code basic.consume} (20). */
  record Consume(
      String queue,
      String consumerTag,
      boolean noLocal,
      boolean noAck,
      boolean exclusive,
      boolean noWait,
      Map<String, Object> arguments)
      implements BasicMethod {
    public static final int METHOD_ID = 20;

    public Consume {
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(consumerTag, "consumerTag");
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
      out.shortString(consumerTag);
      out.bit(noLocal);
      out.bit(noAck);
      out.bit(exclusive);
      out.bit(noWait);
      out.table(arguments);
    }
  }

  /** {@code basic.consume-ok} (21). */
  record ConsumeOk(String consumerTag) implements BasicMethod {
    public static final int METHOD_ID = 21;

    public ConsumeOk {
      Objects.requireNonNull(consumerTag, "consumerTag");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortString(consumerTag);
    }
  }

  /** {@code basic.cancel} (30). */
  record Cancel(String consumerTag, boolean noWait) implements BasicMethod {
    public static final int METHOD_ID = 30;

    public Cancel {
      Objects.requireNonNull(consumerTag, "consumerTag");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortString(consumerTag);
      out.bit(noWait);
    }
  }

  /** {@code basic.cancel-ok} (31). */
  record CancelOk(String consumerTag) implements BasicMethod {
    public static final int METHOD_ID = 31;

    public CancelOk {
      Objects.requireNonNull(consumerTag, "consumerTag");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortString(consumerTag);
    }
  }

  /** {@code basic.publish} (40), followed by content. */
  record Publish(String exchange, String routingKey, boolean mandatory, boolean immediate)
      implements BasicMethod {
    public static final int METHOD_ID = 40;

    public Publish {
      Objects.requireNonNull(exchange, "exchange");
      Objects.requireNonNull(routingKey, "routingKey");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public boolean hasContent() {
      return true;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortUint(0);
      out.shortString(exchange);
      out.shortString(routingKey);
      out.bit(mandatory);
      out.bit(immediate);
    }
  }

  /** {@code basic.return} (50), followed by content. */
  record Return(int replyCode, String replyText, String exchange, String routingKey)
      implements BasicMethod {
    public static final int METHOD_ID = 50;

    public Return {
      Objects.requireNonNull(replyText, "replyText");
      Objects.requireNonNull(exchange, "exchange");
      Objects.requireNonNull(routingKey, "routingKey");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public boolean hasContent() {
      return true;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortUint(replyCode);
      out.shortString(replyText);
      out.shortString(exchange);
      out.shortString(routingKey);
    }
  }

  /** {@code basic.deliver} (60), followed by content. */
  record Deliver(
      String consumerTag, long deliveryTag, boolean redelivered, String exchange, String routingKey)
      implements BasicMethod {
    public static final int METHOD_ID = 60;

    public Deliver {
      Objects.requireNonNull(consumerTag, "consumerTag");
      Objects.requireNonNull(exchange, "exchange");
      Objects.requireNonNull(routingKey, "routingKey");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public boolean hasContent() {
      return true;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortString(consumerTag);
      out.longLong(deliveryTag);
      out.bit(redelivered);
      out.shortString(exchange);
      out.shortString(routingKey);
    }
  }

  /** {@code basic.get} (70). */
  record Get(String queue, boolean noAck) implements BasicMethod {
    public static final int METHOD_ID = 70;

    public Get {
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
      out.bit(noAck);
    }
  }

  /** {@code basic.get-ok} (71), followed by content. */
  record GetOk(
      long deliveryTag, boolean redelivered, String exchange, String routingKey, int messageCount)
      implements BasicMethod {
    public static final int METHOD_ID = 71;

    public GetOk {
      Objects.requireNonNull(exchange, "exchange");
      Objects.requireNonNull(routingKey, "routingKey");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public boolean hasContent() {
      return true;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.longLong(deliveryTag);
      out.bit(redelivered);
      out.shortString(exchange);
      out.shortString(routingKey);
      out.longUint(messageCount);
    }
  }

  /** {@code basic.get-empty} (72). */
  record GetEmpty() implements BasicMethod {
    public static final int METHOD_ID = 72;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortString("");
    }
  }

  /** {@code basic.ack} (80). */
  record Ack(long deliveryTag, boolean multiple) implements BasicMethod {
    public static final int METHOD_ID = 80;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.longLong(deliveryTag);
      out.bit(multiple);
    }
  }

  /** {@code basic.reject} (90). */
  record Reject(long deliveryTag, boolean requeue) implements BasicMethod {
    public static final int METHOD_ID = 90;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.longLong(deliveryTag);
      out.bit(requeue);
    }
  }

  /** {@code basic.recover-async} (100). */
  record RecoverAsync(boolean requeue) implements BasicMethod {
    public static final int METHOD_ID = 100;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.bit(requeue);
    }
  }

  /** {@code basic.recover} (110). */
  record Recover(boolean requeue) implements BasicMethod {
    public static final int METHOD_ID = 110;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.bit(requeue);
    }
  }

  /** {@code basic.recover-ok} (111). */
  record RecoverOk() implements BasicMethod {
    public static final int METHOD_ID = 111;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** {@code basic.nack} (120). */
  record Nack(long deliveryTag, boolean multiple, boolean requeue) implements BasicMethod {
    public static final int METHOD_ID = 120;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.longLong(deliveryTag);
      out.bit(multiple);
      out.bit(requeue);
    }
  }

  /** Decodes the arguments of method {@code methodId} of this class. */
  static BasicMethod decode(int methodId, ArgumentReader in) {
    switch (methodId) {
      case Qos.METHOD_ID:
        {
          int prefetchSize = in.longUint();
          int prefetchCount = in.shortUint();
          boolean global = in.bit();
          return new Qos(prefetchSize, prefetchCount, global);
        }
      case QosOk.METHOD_ID:
        return new QosOk();
      case Consume.METHOD_ID:
        {
          in.shortUint();
          String queue = in.shortString();
          String consumerTag = in.shortString();
          boolean noLocal = in.bit();
          boolean noAck = in.bit();
          boolean exclusive = in.bit();
          boolean noWait = in.bit();
          Map<String, Object> arguments = in.table();
          return new Consume(queue, consumerTag, noLocal, noAck, exclusive, noWait, arguments);
        }
      case ConsumeOk.METHOD_ID:
        {
          String consumerTag = in.shortString();
          return new ConsumeOk(consumerTag);
        }
      case Cancel.METHOD_ID:
        {
          String consumerTag = in.shortString();
          boolean noWait = in.bit();
          return new Cancel(consumerTag, noWait);
        }
      case CancelOk.METHOD_ID:
        {
          String consumerTag = in.shortString();
          return new CancelOk(consumerTag);
        }
      case Publish.METHOD_ID:
        {
          in.shortUint();
          String exchange = in.shortString();
          String routingKey = in.shortString();
          boolean mandatory = in.bit();
          boolean immediate = in.bit();
          return new Publish(exchange, routingKey, mandatory, immediate);
        }
      case Return.METHOD_ID:
        {
          int replyCode = in.shortUint();
          String replyText = in.shortString();
          String exchange = in.shortString();
          String routingKey = in.shortString();
          return new Return(replyCode, replyText, exchange, routingKey);
        }
      case Deliver.METHOD_ID:
        {
          String consumerTag = in.shortString();
          long deliveryTag = in.longLong();
          boolean redelivered = in.bit();
          String exchange = in.shortString();
          String routingKey = in.shortString();
          return new Deliver(consumerTag, deliveryTag, redelivered, exchange, routingKey);
        }
      case Get.METHOD_ID:
        {
          in.shortUint();
          String queue = in.shortString();
          boolean noAck = in.bit();
          return new Get(queue, noAck);
        }
      case GetOk.METHOD_ID:
        {
          long deliveryTag = in.longLong();
          boolean redelivered = in.bit();
          String exchange = in.shortString();
          String routingKey = in.shortString();
          int messageCount = in.longUint();
          return new GetOk(deliveryTag, redelivered, exchange, routingKey, messageCount);
        }
      case GetEmpty.METHOD_ID:
        {
          in.shortString();
          return new GetEmpty();
        }
      case Ack.METHOD_ID:
        {
          long deliveryTag = in.longLong();
          boolean multiple = in.bit();
          return new Ack(deliveryTag, multiple);
        }
      case Reject.METHOD_ID:
        {
          long deliveryTag = in.longLong();
          boolean requeue = in.bit();
          return new Reject(deliveryTag, requeue);
        }
      case RecoverAsync.METHOD_ID:
        {
          boolean requeue = in.bit();
          return new RecoverAsync(requeue);
        }
      case Recover.METHOD_ID:
        {
          boolean requeue = in.bit();
          return new Recover(requeue);
        }
      case RecoverOk.METHOD_ID:
        return new RecoverOk();
      case Nack.METHOD_ID:
        {
          long deliveryTag = in.longLong();
          boolean multiple = in.bit();
          boolean requeue = in.bit();
          return new Nack(deliveryTag, multiple, requeue);
        }
      default:
        throw MethodDecoder.unknown(CLASS_ID, methodId);
    }
  }
}
