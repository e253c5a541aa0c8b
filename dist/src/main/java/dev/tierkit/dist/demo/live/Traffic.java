package dev.tierkit.dist.demo.live;

import dev.tierkit.dist.demo.DemoTopology;
import dev.tierkit.dist.demo.DemoTopology.DataCenter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's simulated users: {@link Settings#usersPerRegion} in each data center's client network,
 * each on its own thread doing what a browser would, at a bounded pace.
 *
 * <p>One visit of a user: resolve {@code www} through dns-geo (from the user's own source address,
 * so dns-geo sees its network; answers cached for their TTL), load the page from the edge it got;
 * log in when the page says the user is logged out (the session lives in cache-server); resolve
 * {@code static} and load the two assets the page links, at the version it links; every {@link
 * Settings#jobEvery} visits submit a photo job, and poll the jobs submitted until each is done.
 * Then think for {@link Settings#thinkTime} (with jitter) and go again.
 *
 * <p>Every request becomes a {@link Sample}; the samples are kept (the last {@value #MAX_SAMPLES})
 * for the scenarios to check their claims against what users saw. A request fails, as the user sees
 * it, when it gets no answer (DNS, connect, timeout, reset), a 5xx, or an answer that is wrong for
 * it (a 4xx the flow does not expect, a body without what it must hold). A 503 from a login while
 * cache-server is down is a failure too; the scenarios decide which failures their claim allows.
 *
 * <p>Users start with {@link #start()} and stop with {@link #close()}, which waits for them.
 */
public final class Traffic implements AutoCloseable {
  /** How many samples are kept, oldest dropped first: minutes of the default pace. */
  static final int MAX_SAMPLES = 400_000;

  private static final Pattern DC = Pattern.compile("class=\"dc\">([^<]+)<");
  private static final Pattern VERSION = Pattern.compile("assets v(\\d+)");
  private static final Pattern ASSET_VERSION = Pattern.compile("asset version (\\d+)");
  private static final Pattern SID = Pattern.compile("(?:^|;\\s*)sid=([0-9a-f]+)");
  private static final Pattern JOB_ID = Pattern.compile("\"id\":\"([0-9a-f]+)\"");
  private static final List<String> ASSETS = List.of("/static/app.js", "/static/style.css");

  /** How long a user polls a job before giving up on it. */
  static final Duration JOB_PATIENCE = Duration.ofMinutes(2);

  /**
   * The pace of the users.
   *
   * @param usersPerRegion users in each data center's network
   * @param thinkTime pause between two visits of a user (randomised by +-50%)
   * @param jobEvery a photo job every this many visits of a logged-in user
   * @param dnsCacheCap the longest a user keeps a DNS answer, whatever its TTL
   * @param requestTimeout how long a user waits for one answer before it counts as failed
   */
  public record Settings(
      int usersPerRegion,
      Duration thinkTime,
      int jobEvery,
      Duration dnsCacheCap,
      Duration requestTimeout) {
    /** Checks the ranges. */
    public Settings {
      if (usersPerRegion < 1 || usersPerRegion > 50) {
        throw new IllegalArgumentException("usersPerRegion must be 1..50");
      }
      if (jobEvery < 1) {
        throw new IllegalArgumentException("jobEvery must be at least 1");
      }
    }

    /** Three users per region, a visit every 400 ms each, DNS cached for its TTL (5 s). */
    public static Settings standard() {
      return new Settings(
          3, Duration.ofMillis(400), 4, Duration.ofSeconds(30), Duration.ofSeconds(4));
    }
  }

  /**
   * One request of one user.
   *
   * @param sentNanos when the user began the request (its DNS lookup), on {@link System#nanoTime()}
   * @param atNanos when the answer (or the failure) came, on {@link System#nanoTime()}
   * @param user the user's name, e.g. {@code us-east-user-1}
   * @param region the data center whose network the user is in
   * @param kind {@code page}, {@code login}, {@code asset}, {@code job}, {@code poll}, or {@code
   *     dns}
   * @param servedBy the data center whose edge the request went to, or empty when DNS failed
   * @param ok whether the user got the answer it needed
   * @param status the HTTP status, 0 for none
   * @param cache the edge's {@code X-Cache} header, empty when absent
   * @param version the asset version the page linked or the asset held; -1 when not an asset
   * @param detail what went wrong, or a short note ({@code logged out}, ...)
   */
  public record Sample(
      long sentNanos,
      long atNanos,
      String user,
      String region,
      String kind,
      String servedBy,
      boolean ok,
      int status,
      String cache,
      long version,
      String detail) {}

  private final Settings settings;
  private final Map<String, String> dcByEdgeAddress = new HashMap<>();
  private final Map<String, Integer> edgePortByAddress = new HashMap<>();
  private final List<User> users = new ArrayList<>();
  private final Deque<Sample> samples = new ArrayDeque<>();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong logins = new AtomicLong();
  private final AtomicLong relogins = new AtomicLong();
  private final Map<String, AtomicLong> servedBy = new HashMap<>();
  private final Set<String> accepted = new LinkedHashSet<>();
  private final Set<String> done = new LinkedHashSet<>();
  private final Set<String> givenUp = new LinkedHashSet<>();
  private volatile boolean stopped;

  /**
   * Users for {@code topology} at {@code settings}' pace; nothing is sent before {@link #start}.
   */
  public Traffic(DemoTopology topology, Settings settings) {
    this.settings = settings;
    for (DataCenter dc : topology.dataCenters()) {
      dcByEdgeAddress.put(dc.edge().listen().host(), dc.name());
      edgePortByAddress.put(dc.edge().listen().host(), dc.edge().listen().port());
      servedBy.put(dc.name(), new AtomicLong());
    }
    InetSocketAddress dns =
        new InetSocketAddress(
            topology.shared().dns().listen().host(), topology.shared().dns().listen().port());
    for (DataCenter dc : topology.dataCenters()) {
      for (int i = 1; i <= settings.usersPerRegion(); i++) {
        users.add(new User(dc.name() + "-user-" + i, dc.name(), dc.clientAddress(1, i), dns));
      }
    }
  }

  /** Starts every user, a little apart so they do not move in step. */
  public void start() {
    SplittableRandom random = new SplittableRandom(users.size());
    for (User user : users) {
      long delay = random.nextLong(Math.max(1, settings.thinkTime().toMillis()));
      Thread thread = new Thread(() -> user.run(delay), "demo-user-" + user.name);
      thread.setDaemon(true);
      user.thread = thread;
      thread.start();
    }
  }

  /** Stops every user and waits (a few seconds at most) for the requests in flight. */
  @Override
  public void close() {
    stopped = true;
    for (User user : users) {
      if (user.thread != null) {
        user.thread.interrupt();
      }
    }
    for (User user : users) {
      if (user.thread != null) {
        try {
          user.thread.join(settings.requestTimeout().toMillis() + 1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** The running totals, for the status page. */
  public TrafficFigures figures() {
    Map<String, Long> by = new HashMap<>();
    servedBy.forEach((dc, n) -> by.put(dc, n.get()));
    synchronized (this) {
      return new TrafficFigures(
          requests.get(), failures.get(), by, logins.get(), accepted.size(), done.size());
    }
  }

  /** Logins of users whose session was gone: users asked to log in again. */
  public long relogins() {
    return relogins.get();
  }

  /** The samples whose answer came between {@code fromNanos} (inclusive) and {@code toNanos}. */
  public List<Sample> samples(long fromNanos, long toNanos) {
    return samplesSince(fromNanos, s -> s.atNanos() - toNanos < 0);
  }

  /** The samples since {@code fromNanos} that match {@code filter}. */
  public synchronized List<Sample> samplesSince(long fromNanos, Predicate<Sample> filter) {
    List<Sample> out = new ArrayList<>();
    for (Sample s : samples) {
      if (s.atNanos() - fromNanos >= 0 && filter.test(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /** Jobs accepted (202) so far, in order. */
  public synchronized Set<String> acceptedJobs() {
    return Set.copyOf(accepted);
  }

  /** Accepted jobs not yet seen done, and still polled (not given up). */
  public synchronized Set<String> pendingJobs() {
    Set<String> pending = new LinkedHashSet<>(accepted);
    pending.removeAll(done);
    pending.removeAll(givenUp);
    return pending;
  }

  /** The number of users. */
  public int userCount() {
    return users.size();
  }

  private void record(Sample sample) {
    requests.incrementAndGet();
    if (!sample.ok()) {
      failures.incrementAndGet();
    }
    AtomicLong dc = servedBy.get(sample.servedBy());
    if (dc != null && sample.status() != 0) {
      dc.incrementAndGet();
    }
    synchronized (this) {
      samples.addLast(sample);
      if (samples.size() > MAX_SAMPLES) {
        samples.removeFirst();
      }
    }
  }

  private synchronized void jobAccepted(String id) {
    accepted.add(id);
  }

  private synchronized void jobDone(String id) {
    done.add(id);
  }

  private synchronized void jobGivenUp(String id) {
    givenUp.add(id);
  }

  /** One simulated user: its resolver, its HTTP client (keep-alive), its session and jobs. */
  private final class User {
    final String name;
    final String region;
    final GeoResolver resolver;
    final HttpClient http;
    final SplittableRandom random;

    /** The user's jobs not yet seen done: id and when it was accepted (nanoTime). */
    final Map<String, Long> jobs = new LinkedHashMap<>();

    Optional<String> sid = Optional.empty();
    int visits;
    int jobsAsked;

    /** When the request being sent now began (nanoTime): its DNS lookup. */
    long started;

    Thread thread;

    User(String name, String region, InetAddress source, InetSocketAddress dns) {
      this.name = name;
      this.region = region;
      this.resolver = new GeoResolver(dns, source, settings.dnsCacheCap(), System::nanoTime);
      this.http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(1))
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      this.random = new SplittableRandom(name.hashCode());
    }

    void run(long initialDelayMillis) {
      try {
        TimeUnit.MILLISECONDS.sleep(initialDelayMillis);
        while (!stopped) {
          visit();
          long think = settings.thinkTime().toMillis();
          // Pacing, not waiting for a condition: the users' rate is what this bounds.
          TimeUnit.MILLISECONDS.sleep(think / 2 + random.nextLong(Math.max(1, think)));
        }
      } catch (InterruptedException e) {
        // Stopped.
      }
    }

    void visit() throws InterruptedException {
      visits++;
      Optional<Answer> page = get("page", "www", "/", -1);
      if (page.isEmpty()) {
        return;
      }
      String body = page.get().body();
      boolean loggedIn = body.contains("class=\"who\"");
      long version = find(VERSION, body).map(Long::parseLong).orElse(-1L);
      if (!loggedIn) {
        if (sid.isPresent()) {
          relogins.incrementAndGet();
          sid = Optional.empty();
        }
        login();
      }
      for (String asset : ASSETS) {
        get("asset", "static", asset + "?v=" + version, version);
      }
      if (sid.isPresent() && visits % settings.jobEvery() == 0) {
        submitJob();
      }
      pollJobs();
    }

    void login() throws InterruptedException {
      Optional<Answer> answer =
          send("login", "www", "/login", "user=" + name, null, -1, r -> r.statusCode() == 303);
      if (answer.isPresent()) {
        Optional<String> cookie = answer.get().response().headers().firstValue("Set-Cookie");
        sid = cookie.flatMap(c -> find(SID, c));
        if (sid.isPresent()) {
          logins.incrementAndGet();
        }
      }
    }

    void submitJob() throws InterruptedException {
      jobsAsked++;
      Optional<Answer> answer =
          send(
              "job",
              "www",
              "/photo",
              "width=640&height=480",
              name + "-job-" + jobsAsked,
              -1,
              r -> r.statusCode() == 202 || r.statusCode() == 401);
      if (answer.isEmpty()) {
        return;
      }
      if (answer.get().response().statusCode() == 401) {
        // The session went between the page and the post: the next visit logs in again.
        return;
      }
      Optional<String> id = find(JOB_ID, answer.get().body());
      if (id.isPresent()) {
        jobs.put(id.get(), System.nanoTime());
        jobAccepted(id.get());
      }
    }

    /**
     * Polls the oldest of the user's pending jobs, a few a visit. A job still pending after {@link
     * #JOB_PATIENCE} is given up on: its result may have been evicted from the cache (that is what
     * a cache may do) and polling it forever would starve the newer ones.
     */
    void pollJobs() throws InterruptedException {
      Iterator<Map.Entry<String, Long>> it = jobs.entrySet().iterator();
      int polled = 0;
      while (it.hasNext() && polled < 4) {
        Map.Entry<String, Long> job = it.next();
        if (System.nanoTime() - job.getValue() > JOB_PATIENCE.toNanos()) {
          it.remove();
          jobGivenUp(job.getKey());
          continue;
        }
        polled++;
        Optional<Answer> answer = get("poll", "www", "/photo/" + job.getKey(), -1);
        if (answer.isPresent() && answer.get().body().contains("\"status\":\"done\"")) {
          it.remove();
          jobDone(job.getKey());
        }
      }
    }

    Optional<Answer> get(String kind, String name, String path, long version)
        throws InterruptedException {
      return send(kind, name, path, null, null, version, r -> r.statusCode() == 200);
    }

    /**
     * Sends one request to the edge {@code name} resolves to; records the sample; returns the
     * answer when it was the one expected ({@code expected} and, for assets, the right body). A
     * {@code form} is POSTed, with {@code idempotencyKey} when there is one: the job submissions
     * carry one, as an app's script would, so that a retry of one is the same job.
     */
    Optional<Answer> send(
        String kind,
        String name,
        String path,
        String form,
        String idempotencyKey,
        long version,
        Predicate<HttpResponse<byte[]>> expected)
        throws InterruptedException {
      started = System.nanoTime();
      InetAddress address;
      try {
        address = resolver.resolve(name + "." + DemoTopology.ZONE);
      } catch (IOException e) {
        record(sample("dns", "", false, 0, "", -1, "dns: " + e.getMessage()));
        return Optional.empty();
      }
      String host = address.getHostAddress();
      String dc = dcByEdgeAddress.getOrDefault(host, "");
      Integer port = edgePortByAddress.get(host);
      if (port == null) {
        record(sample(kind, "", false, 0, "", -1, "dns answered " + host + ", no edge there"));
        return Optional.empty();
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
              .timeout(settings.requestTimeout());
      sid.ifPresent(s -> request.header("Cookie", "sid=" + s));
      if (form == null) {
        request.GET();
      } else {
        request
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
        if (idempotencyKey != null) {
          request.header("Idempotency-Key", "\"" + idempotencyKey + "\"");
        }
      }
      HttpResponse<byte[]> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        record(sample(kind, dc, false, 0, "", version, describe(e)));
        return Optional.empty();
      }
      String body = new String(response.body(), StandardCharsets.UTF_8);
      String cache = response.headers().firstValue("X-Cache").orElse("");
      long seen = version;
      boolean ok = expected.test(response);
      String detail = ok ? "" : "unexpected " + response.statusCode();
      if (ok && kind.equals("asset")) {
        seen = find(ASSET_VERSION, body).map(Long::parseLong).orElse(-1L);
        if (seen < 0) {
          ok = false;
          detail = "asset body without its version";
        }
      }
      if (ok && kind.equals("page") && find(DC, body).isEmpty()) {
        ok = false;
        detail = "page without its server";
      }
      if (kind.equals("page")) {
        seen = find(VERSION, body).map(Long::parseLong).orElse(-1L);
      }
      record(sample(kind, dc, ok, response.statusCode(), cache, seen, detail));
      return ok ? Optional.of(new Answer(response, body)) : Optional.empty();
    }

    Sample sample(
        String kind, String dc, boolean ok, int status, String cache, long version, String detail) {
      return new Sample(
          started, System.nanoTime(), name, region, kind, dc, ok, status, cache, version, detail);
    }
  }

  private record Answer(HttpResponse<byte[]> response, String body) {}

  private static Optional<String> find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
