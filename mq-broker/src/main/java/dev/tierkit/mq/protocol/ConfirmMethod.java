package dev.tierkit.mq.protocol;

/**
 * The methods of AMQP class {@code confirm} (85): {@code confirm.select}, {@code
 * confirm.select-ok}.
 */
public sealed interface ConfirmMethod extends Method {
  int CLASS_ID = 85;

  @Override
  default int classId() {
    return CLASS_ID;
  }

  /** {@code confirm.select} (10). */
  record Select(boolean noWait) implements ConfirmMethod {
    public static final int METHOD_ID = 10;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {
      out.bit(noWait);
    }
  }

  /** {@code confirm.select-ok} (11). */
  record SelectOk() implements ConfirmMethod {
    public static final int METHOD_ID = 11;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** Decodes the arguments of method {@code methodId} of this class. */
  static ConfirmMethod decode(int methodId, ArgumentReader in) {
    switch (methodId) {
      case Select.METHOD_ID:
        {
          boolean noWait = in.bit();
          return new Select(noWait);
        }
      case SelectOk.METHOD_ID:
        return new SelectOk();
      default:
        throw MethodDecoder.unknown(CLASS_ID, methodId);
    }
  }
}
