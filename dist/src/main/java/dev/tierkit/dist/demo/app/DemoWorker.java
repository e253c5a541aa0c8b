package dev.tierkit.dist.demo.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tierkit.common.metrics.Counter;
import dev.tierkit.common.metrics.MetricRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's photo worker: consumes {@value PhotoJob#QUEUE} with manual acknowledgements and a
 * prefetch window, renders each job's thumbnail ({@link ThumbnailRenderer}), stores {@code
 * thumb:<id>} (the PNG) and {@code job:<id>} (JSON: status {@code done}, thumbnail size, time
 * taken) in cache-server, and only then acknowledges the job.
 *
 * <p>Acknowledging last makes every failure a redelivery rather than a lost job: if the worker, the
 * broker or the cache goes away mid-job, the broker hands the job out again. A job whose result
 * cannot be stored is returned to the queue (nack with requeue); a job that cannot be parsed or
 * rendered is dropped with a log line, since retrying it would fail the same way.
 *
 * <p>One thread owns the broker connection: it connects, subscribes, waits for the connection or
 * channel to die, waits {@link #RECONNECT_DELAY} and starts over, until {@link #close()}. Rendering
 * runs on {@code threads} threads of its own, so a slow render never holds up the client's delivery
 * thread.
 */
public final class DemoWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DemoWorker.class);

  /** Pause between reconnect attempts while the broker is down. */
  static final Duration RECONNECT_DELAY = Duration.ofMillis(500);

  /** Pause before returning a job whose result could not be stored. */
  static final Duration REQUEUE_DELAY = Duration.ofMillis(250);

  /** How long results and thumbnails stay in cache-server. */
  static final Duration RESULT_TTL = Duration.ofHours(1);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DemoWorkerConfig config;
  private final ConnectionFactory factory;
  private final DemoCache cache;
  private final ExecutorService renderers;
  private final MetricRegistry metrics = new MetricRegistry();
  private final Counter done;
  private final Counter requeued;
  private final Counter dropped;
  private final Counter renderMillis;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Thread connector;
  private final Optional<HttpServer> admin;
  private volatile boolean connected;
  private Connection connection;
  private boolean closed;

  private DemoWorker(DemoWorkerConfig config, Optional<HttpServer> admin) {
    this.config = config;
    this.admin = admin;
    this.factory = config.amqp().factory();
    this.cache = DemoCache.connect(config.cache());
    AtomicInteger threadNumber = new AtomicInteger();
    this.renderers =
        Executors.newFixedThreadPool(
            config.threads(),
            r -> {
              Thread t = new Thread(r, "demo-worker-render-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    done = metrics.counter("demo_worker_jobs_done_total", "Jobs rendered, stored and acked.");
    requeued =
        metrics.counter(
            "demo_worker_jobs_requeued_total", "Jobs returned to the queue: cache unavailable.");
    dropped =
        metrics.counter(
            "demo_worker_jobs_dropped_total", "Jobs that could not be parsed or drawn.");
    renderMillis =
        metrics.counter(
            "demo_worker_render_milliseconds_total", "Time spent rendering done jobs, in ms.");
    metrics.gauge(
        "demo_worker_broker_connected",
        "1 while subscribed to mq-broker.",
        () -> connected ? 1 : 0);
    this.connector = new Thread(this::connectLoop, "demo-worker-connector");
    connector.setDaemon(true);
  }

  /**
   * Starts consuming. The broker connection is made in the background, so the worker starts (and
   * keeps trying) while the broker is still down.
   *
   * @throws IOException when the admin address cannot be bound
   */
  public static DemoWorker start(DemoWorkerConfig config) throws IOException {
    Optional<HttpServer> admin = Optional.empty();
    if (config.admin().isPresent()) {
      admin = Optional.of(HttpServer.create(config.admin().get(), 16));
    }
    DemoWorker worker = new DemoWorker(config, admin);
    admin.ifPresent(
        server -> {
          server.createContext("/", worker::serveAdmin);
          server.start();
        });
    worker.connector.start();
    log.info(
        "demo-worker: cache {}, amqp {}, prefetch {}, {} render threads",
        config.cache(),
        config.amqp().address(),
        config.prefetch(),
        config.threads());
    return worker;
  }

  /** The admin listener's address, when there is one. */
  public Optional<InetSocketAddress> adminAddress() {
    return admin.map(HttpServer::getAddress);
  }

  /** Jobs done so far. */
  public long jobsDone() {
    return done.value();
  }

  /** Whether the worker is subscribed to the queue right now. */
  public boolean isConnected() {
    return connected;
  }

  /** The worker's metrics, as {@code /metrics} serves them. */
  public MetricRegistry metrics() {
    return metrics;
  }

  private void connectLoop() {
    while (closing.getCount() > 0) {
      CountDownLatch lost = new CountDownLatch(1);
      Connection c = null;
      try {
        c = factory.newConnection("tierkit-demo-worker");
        c.addShutdownListener(cause -> lost.countDown());
        if (!adopt(c)) {
          return;
        }
        Channel channel = c.createChannel();
        channel.addShutdownListener(cause -> lost.countDown());
        channel.queueDeclare(PhotoJob.QUEUE, true, false, false, null);
        channel.basicQos(config.prefetch());
        channel.basicConsume(PhotoJob.QUEUE, false, new JobConsumer(channel));
        connected = true;
        log.info("subscribed to {} at {}", PhotoJob.QUEUE, config.amqp().address());
        lost.await();
        log.warn("lost mq-broker at {}; reconnecting", config.amqp().address());
      } catch (IOException | TimeoutException | RuntimeException e) {
        log.warn("mq-broker at {} unavailable: {}", config.amqp().address(), e.toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        connected = false;
        if (c != null) {
          c.abort((int) AmqpSettings.TIMEOUT.toMillis());
        }
      }
      try {
        if (closing.await(RECONNECT_DELAY.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Makes {@code c} the connection {@link #close()} aborts; false when closing already began. */
  private synchronized boolean adopt(Connection c) {
    if (closed) {
      c.abort();
      return false;
    }
    connection = c;
    return true;
  }

  /** Hands each delivery to a render thread; the client's own thread never renders. */
  private final class JobConsumer extends DefaultConsumer {
    JobConsumer(Channel channel) {
      super(channel);
    }

    @Override
    public void handleDelivery(
        String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      Channel channel = getChannel();
      long tag = envelope.getDeliveryTag();
      try {
        renderers.execute(() -> process(channel, tag, envelope.isRedeliver(), body));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // Closing: the broker redelivers the job once this connection is gone.
        log.info("delivery {} left unacked: worker closing; the broker redelivers it", tag);
      }
    }
  }

  private void process(Channel channel, long tag, boolean redelivered, byte[] body) {
    PhotoJob job;
    try {
      job = PhotoJob.fromJson(body);
    } catch (IllegalArgumentException e) {
      log.warn("dropping a malformed job: {}", e.getMessage());
      dropped.increment();
      settle(channel, tag, Settle.DROP);
      return;
    }
    // One line a delivery, with its tag and whether it is a redelivery: with the "done" line, the
    // log says where any job went.
    log.info("job {} received (delivery {}{})", job.id(), tag, redelivered ? ", redelivered" : "");
    long started = System.nanoTime();
    byte[] png;
    try {
      png = ThumbnailRenderer.render(job.width(), job.height(), job.seed());
    } catch (RuntimeException | OutOfMemoryError e) {
      log.error("job {} cannot be rendered; dropping it", job.id(), e);
      dropped.increment();
      settle(channel, tag, Settle.DROP);
      return;
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("id", job.id());
    result.put("status", "done");
    result.put("user", job.user());
    result.put("width", job.width());
    result.put("height", job.height());
    result.put("thumbnail", "thumb:" + job.id());
    result.put("thumbnailBytes", png.length);
    result.put("millis", millis);
    try {
      // Thumbnail first: whoever sees job:<id> done can fetch thumb:<id>.
      cache.set("thumb:" + job.id(), RESULT_TTL, png);
      cache.set("job:" + job.id(), RESULT_TTL, JSON.writeValueAsString(result));
    } catch (CacheUnavailableException | IOException e) {
      log.warn("job {}: result not stored, requeueing: {}", job.id(), e.getMessage());
      requeued.increment();
      pauseBeforeRequeue();
      settle(channel, tag, Settle.REQUEUE);
      return;
    }
    if (settle(channel, tag, Settle.ACK)) {
      done.increment();
      renderMillis.add(millis);
      log.info(
          "job {} done: {}x{} -> {} byte thumbnail in {} ms ({} done)",
          job.id(),
          job.width(),
          job.height(),
          png.length,
          millis,
          done.value());
    }
  }

  /**
   * While the cache is down a requeued job comes straight back; a short pause per failure keeps
   * that loop from spinning (and the log from flooding) until spymemcached reconnects.
   */
  private void pauseBeforeRequeue() {
    try {
      closing.await(REQUEUE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private enum Settle {
    ACK,
    REQUEUE,
    DROP
  }

  /** Acks, requeues or drops a delivery; false when the channel is gone (it is redelivered). */
  private static boolean settle(Channel channel, long tag, Settle how) {
    try {
      // Render threads share the channel; one frame at a time on it.
      synchronized (channel) {
        switch (how) {
          case ACK -> channel.basicAck(tag, false);
          case REQUEUE -> channel.basicNack(tag, false, true);
          case DROP -> channel.basicReject(tag, false);
        }
      }
      return true;
    } catch (IOException | RuntimeException e) {
      log.warn(
          "could not settle delivery {} ({}); the broker will redeliver it", tag, e.toString());
      return false;
    }
  }

  private void serveAdmin(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      int status;
      String type = "text/plain; charset=utf-8";
      String body;
      if (path.equals("/metrics")) {
        status = 200;
        type = MetricRegistry.CONTENT_TYPE;
        body = metrics.scrape();
      } else if (path.equals("/healthz")) {
        status = 200;
        body = connected ? "ok\n" : "ok (broker disconnected)\n";
      } else {
        status = 404;
        body = "not found\n";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Blocks until {@link #close()} has begun. */
  public void awaitClosed() throws InterruptedException {
    closing.await();
  }

  /**
   * Stops consuming and closes the connection; jobs not yet acknowledged go back to the queue.
   * Running renders get two seconds to finish.
   */
  @Override
  public void close() {
    Connection c;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      c = connection;
    }
    closing.countDown();
    renderers.shutdown();
    try {
      if (!renderers.awaitTermination(2, TimeUnit.SECONDS)) {
        renderers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      renderers.shutdownNow();
    }
    if (c != null) {
      c.abort((int) AmqpSettings.TIMEOUT.toMillis());
    }
    try {
      connector.join(AmqpSettings.TIMEOUT.toMillis() * 3);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.ifPresent(server -> server.stop(0));
    cache.close();
  }
}
