package dev.tierkit.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierkit.cache.store.EvictionPolicy;
import dev.tierkit.common.cli.CommandLines;
import dev.tierkit.common.config.ConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** memcached's flags are accepted as memcached users type them. */
class CacheServerCommandTest {
  private static CacheServerCommand parse(String... args) {
    CacheServerCommand command = new CacheServerCommand();
    CommandLines.configure(new CommandLine(command)).parseArgs(args);
    return command;
  }

  private static String run(int expectedExit, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        CommandLines.execute(
            new CacheServerCommand(), new PrintWriter(out), new PrintWriter(err), args);
    assertThat(exit).as("exit code, stderr: %s", err).isEqualTo(expectedExit);
    return out + err.toString();
  }

  @Test
  void defaultsAreMemcachedDefaults() {
    CacheServerCommand command = parse();
    CacheConfig config = command.config();
    assertThat(config.address().getPort()).isEqualTo(11211);
    assertThat(config.store().memoryBytes()).isEqualTo(64L << 20);
    assertThat(config.store().maxItemSize()).isEqualTo(1 << 20);
    assertThat(config.store().eviction()).isEqualTo(EvictionPolicy.LRU);
    assertThat(config.store().evictionEnabled()).isTrue();
    assertThat(command.common.runtimeConfig().maxConnections()).isEqualTo(1024);
  }

  @Test
  void memcachedShortFlagsAreUnderstood() {
    CacheServerCommand command =
        parse(
            "-p", "22122", "-l", "127.0.0.1", "-c", "77", "-t", "1", "-m", "8", "-I", "512k", "-M");
    CacheConfig config = command.config();
    assertThat(config.address().getPort()).isEqualTo(22122);
    assertThat(config.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(config.store().memoryBytes()).isEqualTo(8L << 20);
    assertThat(config.store().maxItemSize()).isEqualTo(512 << 10);
    assertThat(config.store().evictionEnabled()).isFalse();
    assertThat(command.common.runtimeConfig().maxConnections()).isEqualTo(77);
    assertThat(command.common.runtimeConfig().threads()).isEqualTo(1);
  }

  @Test
  void longNamesWorkToo() {
    CacheServerCommand command =
        parse("--memory-mb", "16", "--max-item-size", "2m", "--eviction", "tinylfu");
    assertThat(command.config().store().eviction()).isEqualTo(EvictionPolicy.TINYLFU);
    assertThat(command.config().store().maxItemSize()).isEqualTo(2 << 20);
  }

  @Test
  void udpPortOtherThanZeroIsAUsageError() {
    assertThat(run(2, "-U", "11211")).contains("-U/--udp-port 11211").doesNotContain("Exception");
  }

  @Test
  void daemonizeIsRefusedWithAHint() {
    assertThat(run(2, "-d")).contains("-d/--daemon").contains("service manager");
  }

  @Test
  void versionNamesTheMemcachedVersionReported() {
    assertThat(run(0, "-V")).contains("tierkit cache-server").contains("1.6.21-tierkit");
  }

  @Test
  void configFileIsRefusedWithOneLine() {
    assertThat(run(2, "--config", "cache.yaml")).contains("--config").doesNotContain("\tat ");
  }

  @Test
  void itemSizeAboveHalfTheMemoryIsAUsageError() {
    assertThat(run(2, "-m", "1", "-I", "1m", "-p", "0")).contains("--max-item-size");
  }

  @Test
  void badSizeIsAUsageError() {
    assertThat(run(2, "-I", "lots")).contains("--max-item-size").contains("'lots'");
  }

  @Test
  void memoryLargerThanTheHeapIsRefusedWithTheFlagToSet() {
    assertThatThrownBy(() -> CacheServerCommand.checkHeap(4096L << 20, 1024L << 20))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("-m/--memory-mb 4096")
        .hasMessageContaining("-Xmx5216m (TIERKIT_JAVA_OPTS");
    CacheServerCommand.checkHeap(64L << 20, 1024L << 20);
  }

  @Test
  void helpListsMemcachedFlags() {
    assertThat(run(0, "--help"))
        .contains("-m, --memory-mb")
        .contains("-c, --conn-limit, --max-connections")
        .contains("-l, --bind, --listen")
        .contains("--eviction");
  }
}
