package dev.tierkit.mq.protocol;

/** Decodes a method frame's payload: class id, method id, then the arguments. */
final class MethodDecoder {
  private MethodDecoder() {}

  /**
   * Decodes one method, requiring the arguments to fill the payload exactly.
   *
   * @throws AmqpDecodeException 540 NOT_IMPLEMENTED for an unknown class or method id, 502
   *     SYNTAX_ERROR for arguments that are truncated, malformed or followed by extra bytes
   */
  static Method decode(ArgumentReader in) {
    if (in.readableBytes() < 4) {
      throw new AmqpDecodeException(
          ReplyCode.FRAME_ERROR, "method frame too short for class and method ids");
    }
    int classId = in.shortUint();
    int methodId = in.shortUint();
    Method method =
        switch (classId) {
          case ConnectionMethod.CLASS_ID -> ConnectionMethod.decode(methodId, in);
          case ChannelMethod.CLASS_ID -> ChannelMethod.decode(methodId, in);
          case ExchangeMethod.CLASS_ID -> ExchangeMethod.decode(methodId, in);
          case QueueMethod.CLASS_ID -> QueueMethod.decode(methodId, in);
          case BasicMethod.CLASS_ID -> BasicMethod.decode(methodId, in);
          case ConfirmMethod.CLASS_ID -> ConfirmMethod.decode(methodId, in);
          case TxMethod.CLASS_ID -> TxMethod.decode(methodId, in);
          default -> throw unknown(classId, methodId);
        };
    if (in.isReadable()) {
      throw ArgumentReader.syntax(
          in.readableBytes() + " unexpected bytes after the arguments of " + method);
    }
    return method;
  }

  static AmqpDecodeException unknown(int classId, int methodId) {
    return new AmqpDecodeException(
        ReplyCode.NOT_IMPLEMENTED, "unknown method class " + classId + " method " + methodId);
  }
}
