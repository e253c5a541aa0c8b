package dev.tierkit.mq.protocol;

/**
 * The methods of AMQP class {@code tx} (90): {@code tx.select}, {@code tx.select-ok}, {@code
 * tx.commit}, {@code tx.commit-ok}, {@code tx.rollback}, {@code tx.rollback-ok}.
 */
public sealed interface TxMethod extends Method {
  int CLASS_ID = 90;

  @Override
  default int classId() {
    return CLASS_ID;
  }

  /** {@code tx.select} (10). */
  record Select() implements TxMethod {
    public static final int METHOD_ID = 10;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** {@code tx.select-ok} (11). */
  record SelectOk() implements TxMethod {
    public static final int METHOD_ID = 11;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** {@code tx.commit} (20). */
  record Commit() implements TxMethod {
    public static final int METHOD_ID = 20;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** {@code tx.commit-ok} (21). */
  record CommitOk() implements TxMethod {
    public static final int METHOD_ID = 21;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** {@code tx.rollback} (30). */
  record Rollback() implements TxMethod {
    public static final int METHOD_ID = 30;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** {@code tx.rollback-ok} (31). */
  record RollbackOk() implements TxMethod {
    public static final int METHOD_ID = 31;

    @Override
    public int methodId() {
      return METHOD_ID;
    }

    @Override
    public void writeArguments(ArgumentWriter out) {}
  }

  /** Decodes the arguments of method {@code methodId} of this class. */
  static TxMethod decode(int methodId, ArgumentReader in) {
    switch (methodId) {
      case Select.METHOD_ID:
        return new Select();
      case SelectOk.METHOD_ID:
        return new SelectOk();
      case Commit.METHOD_ID:
        return new Commit();
      case CommitOk.METHOD_ID:
        return new CommitOk();
      case Rollback.METHOD_ID:
        return new Rollback();
      case RollbackOk.METHOD_ID:
        return new RollbackOk();
      default:
        throw MethodDecoder.unknown(CLASS_ID, methodId);
    }
  }
}
