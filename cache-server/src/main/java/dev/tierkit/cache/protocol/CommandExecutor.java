package dev.tierkit.cache.protocol;

import dev.tierkit.cache.protocol.CacheMetrics.Family;
import dev.tierkit.cache.protocol.CacheMetrics.Stat;
import dev.tierkit.cache.store.CacheClock;
import dev.tierkit.cache.store.CacheStore;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * Runs decoded commands on a {@link CacheStore} with memcached 1.6's semantics and writes each
 * reply into the outbound buffer it is given. Knows no channel: one instance serves every
 * connection of a listener and is safe for concurrent use (the store locks per key).
 *
 * <p>{@link ControlCommand#QUIT} and the closing {@link InvalidCommand}s are the handler's
 * business; everything else, errors included, is answered here.
 */
public final class CommandExecutor {
  private final CacheStore store;
  private final ServerInfo info;
  private final CacheMetrics metrics;
  private final CacheClock clock;
  private final TextOperations text;
  private final MetaOperations meta;
  private final StatsReport stats;
  private volatile int verbosity;

  public CommandExecutor(
      CacheStore store, ServerInfo info, CacheMetrics metrics, CacheClock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.info = Objects.requireNonNull(info, "info");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.text = new TextOperations(store, clock, metrics);
    this.meta = new MetaOperations(store, clock, metrics, text);
    this.stats = new StatsReport(store, info, metrics, clock);
  }

  /** The metrics this executor counts into. */
  public CacheMetrics metrics() {
    return metrics;
  }

  /** Runs {@code command} and appends its reply (possibly none) to {@code out}. */
  public void execute(MemcacheCommand command, ByteBuf out) {
    long start = System.nanoTime();
    Family family = run(command, out);
    metrics.recordLatency(family, start);
  }

  private Family run(MemcacheCommand command, ByteBuf out) {
    if (command instanceof RetrievalCommand retrieval) {
      text.retrieval(retrieval, out);
      return retrieval.type().touches() ? Family.TOUCH : Family.GET;
    } else if (command instanceof StorageCommand storage) {
      text.storage(storage, out);
      return Family.SET;
    } else if (command instanceof MetaCommand metaCommand) {
      metrics.increment(Stat.CMD_META);
      meta.execute(metaCommand, out);
      return Family.META;
    } else if (command instanceof DeleteCommand delete) {
      text.delete(delete, out);
      return Family.DELETE;
    } else if (command instanceof ArithmeticCommand arithmetic) {
      text.arithmetic(arithmetic, out);
      return Family.ARITHMETIC;
    } else if (command instanceof TouchCommand touch) {
      text.touch(touch, out);
      return Family.TOUCH;
    } else if (command instanceof TooLargeCommand tooLarge) {
      text.tooLarge(tooLarge, out);
      return Family.SET;
    } else if (command instanceof InvalidCommand invalid) {
      if (!invalid.reply().isEmpty()) {
        Ascii.writeLine(out, invalid.reply());
      }
    } else if (command instanceof FlushAllCommand flush) {
      flushAll(flush, out);
    } else if (command instanceof StatsCommand statsCommand) {
      stats.write(statsCommand.args(), verbosity, out);
    } else if (command instanceof VerbosityCommand verbosityCommand) {
      verbosity = verbosityCommand.level();
      if (!verbosityCommand.noreply()) {
        out.writeBytes(Replies.OK);
      }
    } else if (command instanceof ControlCommand control) {
      control(control, out);
    }
    return Family.OTHER;
  }

  private void flushAll(FlushAllCommand command, ByteBuf out) {
    metrics.increment(Stat.CMD_FLUSH);
    long delay = command.delay();
    if (delay > Expiry.MAX_RELATIVE) {
      delay -= clock.nowSeconds();
    }
    store.flushAll(Math.max(0, delay));
    if (!command.noreply()) {
      out.writeBytes(Replies.OK);
    }
  }

  private void control(ControlCommand command, ByteBuf out) {
    switch (command) {
      case VERSION -> {
        Ascii.writeAscii(out, "VERSION ");
        Ascii.writeLine(out, info.version());
      }
      case SHUTDOWN -> out.writeBytes(Replies.SHUTDOWN_DISABLED);
      case META_NOOP -> out.writeBytes(Replies.MN);
      case QUIT -> {}
    }
  }
}
