package dev.tierkit.mq.protocol;

import java.util.Objects;

/**
 * The methods of AMQP class {@code channel} (20): {@code channel.open}, {@code channel.open-ok},
 * {@code channel.flow}, {@code channel.flow-ok}, {@code channel.close}, {@code channel.close-ok}.
 */
public sealed interface ChannelMethod extends Method {
  int CLASS_ID = 20;

  @Override
  default int classId() {
    return CLASS_ID;
  }

  /** {@code channel.open} (10). */
  record Open() implements ChannelMethod {
    public static final int METHOD_ID = 10;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortString("");
    }
  }

  /** {@code channel.open-ok} (11). */
  record OpenOk() implements ChannelMethod {
    public static final int METHOD_ID = 11;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.longUint(0);
    }
  }

  /** {@code channel.flow} (20). */
  record Flow(boolean active) implements ChannelMethod {
    public static final int METHOD_ID = 20;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.bit(active);
    }
  }

  /** {@code channel.flow-ok} (21). */
  record FlowOk(boolean active) implements ChannelMethod {
    public static final int METHOD_ID = 21;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.bit(active);
    }
  }

  /** {@code channel.close} (40). */
  record Close(int replyCode, String replyText, int failingClassId, int failingMethodId)
      implements ChannelMethod {
    public static final int METHOD_ID = 40;

    public Close {
      Objects.requireNonNull(replyText, "replyText");
    }

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.shortUint(replyCode);
      out.shortString(replyText);
      out.shortUint(failingClassId);
      out.shortUint(failingMethodId);
    }
  }

  /** {@code channel.close-ok} (41). */
  record CloseOk() implements ChannelMethod {
    public static final int METHOD_ID = 41;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** Decodes the arguments of method {@code methodId} of this class. */
  static ChannelMethod decode(int methodId, ArgumentReader in) {
    switch (methodId) {
      case Open.METHOD_ID:
        {
          in.shortString();
          return new Open();
        }
      case OpenOk.METHOD_ID:
        {
          in.longBytes();
          return new OpenOk();
        }
      case Flow.METHOD_ID:
        {
          boolean active = in.bit();
          return new Flow(active);
        }
      case FlowOk.METHOD_ID:
        {
          boolean active = in.bit();
          return new FlowOk(active);
        }
      case Close.METHOD_ID:
        {
          int replyCode = in.shortUint();
          String replyText = in.shortString();
          int failingClassId = in.shortUint();
          int failingMethodId = in.shortUint();
          return new Close(replyCode, replyText, failingClassId, failingMethodId);
        }
      case CloseOk.METHOD_ID:
        return new CloseOk();
      default:
        throw MethodDecoder.unknown(CLASS_ID, methodId);
    }
  }
}
