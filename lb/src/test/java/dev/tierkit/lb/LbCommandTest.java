package dev.tierkit.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierkit.common.cli.CommandLines;
import dev.tierkit.common.config.ConfigException;
import dev.tierkit.lb.balance.Algorithm;
import dev.tierkit.lb.config.BackendConfig;
import dev.tierkit.lb.config.FrontendConfig;
import dev.tierkit.lb.config.HashKey;
import dev.tierkit.lb.config.HealthCheckConfig;
import dev.tierkit.lb.config.LbConfig;
import dev.tierkit.lb.config.Mode;
import dev.tierkit.lb.config.PoolConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line and the YAML file: defaults, overrides, and mistakes as one line. */
class LbCommandTest {
  @TempDir Path dir;

  private static LbCommand parse(String... args) {
    LbCommand command = new LbCommand();
    CommandLines.configure(new CommandLine(command)).parseArgs(args);
    return command;
  }

  private static String run(int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        CommandLines.execute(new LbCommand(), new PrintWriter(out), new PrintWriter(err), args);
    assertThat(exit).as("exit code, stderr: %s", err).isEqualTo(expectedExit);
    return out + err.toString();
  }

  @Test
  void flagsAloneDescribeOneFrontendAndOnePool() {
    LbConfig config =
        parse(
                "--mode",
                "http",
                "--port",
                "8080",
                "--backend",
                "127.0.0.1:9001",
                "--backend",
                "127.0.0.1:9002=3",
                "--algorithm",
                "weighted-round-robin")
            .config();
    FrontendConfig f = config.frontends().get(0);
    assertThat(f.mode()).isEqualTo(Mode.HTTP);
    assertThat(f.bind().getPort()).isEqualTo(8080);
    PoolConfig pool = config.pools().get(f.pool());
    assertThat(pool.algorithm()).isEqualTo(Algorithm.WEIGHTED_ROUND_ROBIN);
    assertThat(pool.backends())
        .containsExactly(
            new BackendConfig("127.0.0.1", 9001, 1, 0), new BackendConfig("127.0.0.1", 9002, 3, 0));
    assertThat(f.timeouts().clientHeader()).isEqualTo(Duration.ofSeconds(10));
    assertThat(f.limits().maxBodySize()).isEqualTo(64L << 20);
  }

  @Test
  void defaultPortIs8080() {
    LbConfig config = parse("--backend", "127.0.0.1:9001").config();
    assertThat(config.frontends().get(0).bind().getPort()).isEqualTo(8080);
  }

  @Test
  void noBackendIsOneLineWithAHint() {
    String output = run(2, "--port", "0", "--admin-port", "-1");
    assertThat(output).contains("--backend").doesNotContain("\tat ");
  }

  @Test
  void badAlgorithmNamesTheKnownOnes() {
    String output = run(2, "--port", "0", "--backend", "127.0.0.1:1", "--algorithm", "random");
    assertThat(output).contains("unknown algorithm 'random'").contains("least-connections");
  }

  @Test
  void badBackendIsNamed() {
    assertThatThrownBy(() -> parse("--backend", "localhost").config())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("backend 'localhost'");
    assertThatThrownBy(() -> parse("--backend", "h:99999").config())
        .hasMessageContaining("1-65535");
  }

  @Test
  void ipv6BackendsAreBracketed() {
    LbConfig config = parse("--backend", "[::1]:9001=2").config();
    BackendConfig b = config.pools().get("default").backends().get(0);
    assertThat(b.host()).isEqualTo("::1");
    assertThat(b.port()).isEqualTo(9001);
    assertThat(b.weight()).isEqualTo(2);
  }

  @Test
  void healthCheckFlags() {
    PoolConfig pool =
        parse(
                "--backend",
                "127.0.0.1:1",
                "--health-check",
                "http:/healthz",
                "--rise",
                "1",
                "--fall",
                "2",
                "--check-interval",
                "500ms")
            .config()
            .pools()
            .get("default");
    assertThat(pool.healthCheck().kind()).isEqualTo(HealthCheckConfig.Kind.HTTP);
    assertThat(pool.healthCheck().path()).isEqualTo("/healthz");
    assertThat(pool.healthCheck().interval()).isEqualTo(Duration.ofMillis(500));
    assertThat(pool.healthCheck().fall()).isEqualTo(2);
  }

  private Path write(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static final String YAML =
      """
      accessLog: access.log
      frontends:
        - name: web
          bind: 127.0.0.1:0
          pool: app
          routes:
            - { host: api.example.com, pathPrefix: /v1/, pool: api }
          trustedProxies: [10.0.0.0/8]
          trustedHops: 1
          timeouts: { clientHeader: 3s }
        - name: db
          mode: tcp
          bind: "0"
          pool: api
      pools:
        - name: app
          algorithm: consistent-hash
          hashKey: cookie:session
          backends:
            - { address: 127.0.0.1:9001, weight: 3 }
            - { host: 127.0.0.1, port: 9002, maxConnections: 10 }
          healthCheck: { kind: http, path: /up, interval: 1s, rise: 1, fall: 1 }
        - name: api
          backends:
            - { address: "[::1]:9003" }
      """;

  @Test
  void yamlDescribesFrontendsPoolsAndRoutes() throws Exception {
    Path file = write("lb.yaml", YAML);
    LbConfig config = parse("--config", file.toString()).config();
    assertThat(config.frontends()).extracting(FrontendConfig::name).containsExactly("web", "db");
    FrontendConfig web = config.frontends().get(0);
    assertThat(web.routes()).hasSize(1);
    assertThat(web.trustedHops()).isEqualTo(1);
    assertThat(web.timeouts().clientHeader()).isEqualTo(Duration.ofSeconds(3));
    assertThat(web.timeouts().connect()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.frontends().get(1).mode()).isEqualTo(Mode.TCP);
    PoolConfig app = config.pools().get("app");
    assertThat(app.algorithm()).isEqualTo(Algorithm.CONSISTENT_HASH);
    assertThat(app.hashKey()).isEqualTo(new HashKey(HashKey.Kind.COOKIE, "session"));
    assertThat(app.backends().get(1).maxConnections()).isEqualTo(10);
    assertThat(app.healthCheck().path()).isEqualTo("/up");
    assertThat(config.accessLog()).isEqualTo(dir.resolve("access.log"));
  }

  @Test
  void flagsOverrideTheFirstFrontendAndItsPool() throws Exception {
    Path file = write("lb.yaml", YAML);
    LbConfig config =
        parse(
                "--config",
                file.toString(),
                "--port",
                "0",
                "--backend",
                "127.0.0.1:7000",
                "--client-header-timeout",
                "1s")
            .config();
    FrontendConfig web = config.frontends().get(0);
    assertThat(web.bind().getPort()).isZero();
    assertThat(web.timeouts().clientHeader()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.pools().get("app").backends())
        .containsExactly(new BackendConfig("127.0.0.1", 7000, 1, 0));
    assertThat(config.pools().get("app").algorithm()).isEqualTo(Algorithm.CONSISTENT_HASH);
  }

  @Test
  void unknownFieldIsReportedWithItsLine() throws Exception {
    Path file =
        write(
            "bad.yaml",
            """
            frontends:
              - { name: web, bind: "0", pool: app }
            pools:
              - name: app
                backends:
                  - { address: 127.0.0.1:9001, wieght: 2 }
            """);
    assertThatThrownBy(() -> parse("--config", file.toString()).config())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.yaml:6:")
        .hasMessageContaining("wieght");
  }

  @Test
  void badDurationIsReportedWithItsLine() throws Exception {
    Path file =
        write(
            "bad.yaml",
            """
            frontends:
              - name: web
                bind: "0"
                pool: app
                timeouts: { connect: soon }
            pools:
              - { name: app }
            """);
    assertThatThrownBy(() -> parse("--config", file.toString()).config())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.yaml:5:")
        .hasMessageContaining("soon");
  }

  @Test
  void undeclaredPoolIsNamed() throws Exception {
    Path file =
        write(
            "bad.yaml",
            """
            frontends:
              - { name: web, bind: "0", pool: nowhere }
            pools:
              - { name: app }
            """);
    assertThatThrownBy(() -> parse("--config", file.toString()).config())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("pool 'nowhere' is not declared");
  }
}
