package dev.tierkit.mq.protocol;

/**
 * One AMQP 0-9-1 method: its class and method ids and its arguments. Each class of the protocol
 * that real clients use has a sealed interface holding its methods as records: {@link
 * ConnectionMethod}, {@link ChannelMethod}, {@link ExchangeMethod}, {@link QueueMethod}, {@link
 * BasicMethod}, {@link ConfirmMethod} and {@link TxMethod}. The {@code reserved} arguments of the
 * spec (tickets, out-of-band, insist) are written as zero and ignored on reading.
 *
 * <p>Unsigned 32-bit arguments (frame_max, message counts, prefetch size) are Java {@code int}s
 * holding the same bits; read them with {@link Integer#toUnsignedLong(int)} where it matters.
 */
public sealed interface Method
    permits ConnectionMethod,
        ChannelMethod,
        ExchangeMethod,
        QueueMethod,
        BasicMethod,
        ConfirmMethod,
        TxMethod {

  /**
   * The class id: 10 connection, 20 channel, 40 exchange, 50 queue, 60 basic, 85 confirm, 90 tx.
   */
  int classId();

  /** The method id within its class. */
  int methodId();

  /** True for {@code basic.publish}, {@code basic.return}, {@code basic.deliver} and get-ok. */
  default boolean hasContent() {
    return false;
  }

  /** Writes the arguments, in spec order, after the class and method ids. */
  void writeArguments(ArgumentWriter out);
}
