package dev.tierkit.dist.demo.app;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes photo jobs to the durable {@value PhotoJob#QUEUE} queue as persistent messages and
 * returns only once the broker has confirmed them, so a 202 means the job survives a broker crash.
 *
 * <p>One connection and one confirm-mode channel, used by one publish at a time: a channel's
 * confirms are numbered per channel, and waiting for "all outstanding" confirms is only meaningful
 * when the waiting thread owns every outstanding publish. The connection is opened on first use and
 * again after any failure, so a restarted broker is picked up by the next request.
 */
final class JobPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(JobPublisher.class);

  /** How long a publish waits for the broker's confirm before the request gets a 503. */
  static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(5);

  private static final AMQP.BasicProperties PERSISTENT_JSON =
      new AMQP.BasicProperties.Builder().contentType("application/json").deliveryMode(2).build();

  private final ConnectionFactory factory;
  private Connection connection;
  private Channel channel;
  private boolean closed;

  JobPublisher(AmqpSettings settings) {
    this.factory = settings.factory();
  }

  /** Publishes {@code job} and waits for the broker's confirm. */
  synchronized void publish(PhotoJob job) throws BrokerUnavailableException {
    if (closed) {
      throw new BrokerUnavailableException("the publisher is closed", null);
    }
    try {
      Channel ch = channel();
      ch.basicPublish("", PhotoJob.QUEUE, PERSISTENT_JSON, job.toJson());
      ch.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      disconnect();
      throw new BrokerUnavailableException("interrupted waiting for a confirm", e);
    } catch (IOException | TimeoutException | RuntimeException e) {
      // ShutdownSignalException and AlreadyClosedException are runtime exceptions: the broker went
      // away mid-publish. Either way the channel's confirm state is unknown, so start over.
      log.warn("publish of job {} failed: {}", job.id(), e.toString());
      disconnect();
      throw new BrokerUnavailableException("publish failed: " + e, e);
    }
  }

  private Channel channel() throws IOException, TimeoutException {
    if (channel != null && channel.isOpen()) {
      return channel;
    }
    disconnect();
    connection = factory.newConnection("tierkit-demo-web");
    Channel ch = connection.createChannel();
    ch.queueDeclare(PhotoJob.QUEUE, true, false, false, null);
    ch.confirmSelect();
    channel = ch;
    log.info("connected to mq-broker at {}:{}", factory.getHost(), factory.getPort());
    return ch;
  }

  private void disconnect() {
    Connection c = connection;
    connection = null;
    channel = null;
    if (c != null) {
      try {
        c.abort((int) AmqpSettings.TIMEOUT.toMillis());
      } catch (RuntimeException e) {
        log.debug("abort after failure", e);
      }
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    disconnect();
  }
}
