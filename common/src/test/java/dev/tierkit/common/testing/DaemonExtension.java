package dev.tierkit.common.testing;

import dev.tierkit.common.admin.AdminConfig;
import dev.tierkit.common.launch.DaemonFactory;
import dev.tierkit.common.launch.DaemonLauncher;
import dev.tierkit.common.launch.RunningDaemon;
import dev.tierkit.common.runtime.RuntimeConfig;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real daemon for a test class, started the way its command starts it (runtime, admin endpoint on
 * a free loopback port, the daemon bound where its factory says, port 0 as a rule) and shut down
 * gracefully after the class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final DaemonExtension cache = new DaemonExtension("cache", ctx -> CacheServer.start(...));
 * ... new MemcachedClient(new InetSocketAddress("127.0.0.1", cache.port("memcached"))) ...
 * }</pre>
 */
public final class DaemonExtension implements BeforeAllCallback, AfterAllCallback {
  private final String name;
  private final RuntimeConfig runtimeConfig;
  private final DaemonFactory factory;
  private RunningDaemon running;

  /** A daemon on the best transport with two event loop threads. */
  public DaemonExtension(String name, DaemonFactory factory) {
    this(name, RuntimeConfig.defaults(2), factory);
  }

  public DaemonExtension(String name, RuntimeConfig runtimeConfig, DaemonFactory factory) {
    this.name = name;
    this.runtimeConfig = runtimeConfig;
    this.factory = factory;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    running = new DaemonLauncher(name, runtimeConfig, AdminConfig.loopbackAnyPort()).start(factory);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (running != null) {
      running.close();
    }
  }

  /** The running daemon. */
  public RunningDaemon daemon() {
    if (running == null) {
      throw new IllegalStateException(name + " is not running: register with @RegisterExtension");
    }
    return running;
  }

  /** The port of the listener the daemon bound under {@code listenerName}. */
  public int port(String listenerName) {
    return daemon().listener(listenerName).port();
  }

  /** The admin endpoint's URI for {@code path}. */
  public URI admin(String path) {
    int port =
        daemon()
            .admin()
            .orElseThrow(() -> new IllegalStateException("admin endpoint is off"))
            .port();
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
