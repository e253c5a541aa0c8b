package dev.tierkit.dist.demo;

import dev.tierkit.dist.Main;
import dev.tierkit.dist.demo.DemoTopology.Daemon;
import dev.tierkit.dist.demo.DemoTopology.WebServer;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that says how the demo's own applications, the web server and the worker, are
 * launched: which main class, which arguments. {@link #tierkit()} runs the hidden subcommands
 * {@code tierkit demo-web} and {@code tierkit demo-worker}; tests pass a {@code DemoApps} whose
 * main classes are stand-ins on the test class path, so the daemons around them can be tested
 * without the real applications.
 */
public interface DemoApps {
  /** A main class and its arguments. */
  record Launch(String mainClass, List<String> args) {
    /** Copies the arguments. */
    public Launch {
      args = List.copyOf(args);
    }
  }

  /** How to launch {@code web}, which talks to {@code cache} and {@code amqp}. */
  Launch web(WebServer web, HostPort cache, HostPort amqp);

  /**
   * How to launch {@code worker}, which talks to {@code cache} and {@code amqp} and serves {@code
   * /metrics} and {@code /healthz} on its admin address.
   */
  Launch worker(Daemon worker, HostPort cache, HostPort amqp);

  /** The real applications: {@code tierkit demo-web} and {@code tierkit demo-worker}. */
  static DemoApps tierkit() {
    return new DemoApps() {
      @Override
      public Launch web(WebServer web, HostPort cache, HostPort amqp) {
        return new Launch(
            Main.class.getName(),
            List.of(
                "demo-web",
                "--bind",
                web.listen().host(),
                "--port",
                Integer.toString(web.listen().port()),
                "--name",
                web.name(),
                "--dc",
                web.dataCenter(),
                "--cache",
                cache.toString(),
                "--amqp",
                amqp.toString()));
      }

      @Override
      public Launch worker(Daemon worker, HostPort cache, HostPort amqp) {
        // demo-worker binds its admin port on 127.0.0.1 only; any other host would be a lie here.
        if (!worker.admin().host().equals("127.0.0.1")) {
          throw new IllegalArgumentException(
              "demo-worker serves its admin port on 127.0.0.1 only, not " + worker.admin());
        }
        List<String> args = new ArrayList<>(List.of("demo-worker"));
        args.addAll(
            List.of(
                "--cache",
                cache.toString(),
                "--amqp",
                amqp.toString(),
                "--prefetch",
                "4",
                "--admin-port",
                Integer.toString(worker.admin().port())));
        return new Launch(Main.class.getName(), args);
      }
    };
  }
}
