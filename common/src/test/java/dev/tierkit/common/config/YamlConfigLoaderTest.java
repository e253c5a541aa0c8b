package dev.tierkit.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlConfigLoaderTest {
  @TempDir Path dir;

  record Backend(@JsonProperty("host") String host, @JsonProperty("port") int port) {
    Backend {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
      }
    }
  }

  enum Algorithm {
    ROUND_ROBIN,
    LEAST_CONNECTIONS
  }

  record Pool(
      @JsonProperty("name") String name,
      @JsonProperty("algorithm") Algorithm algorithm,
      @JsonProperty("backends") List<Backend> backends) {}

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("pool.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private final YamlConfigLoader loader = new YamlConfigLoader();

  @Test
  void wellFormedFileBecomesARecord() throws IOException {
    Path file =
        write(
            "name: web\n"
                + "algorithm: ROUND_ROBIN\n"
                + "backends:\n"
                + "  - host: 127.0.0.1\n"
                + "    port: 8001\n"
                + "  - {host: 127.0.0.2, port: 8002}\n");
    Pool pool = loader.load(file, Pool.class);
    assertThat(pool.name()).isEqualTo("web");
    assertThat(pool.backends())
        .containsExactly(new Backend("127.0.0.1", 8001), new Backend("127.0.0.2", 8002));
  }

  @Test
  void malformedYamlNamesFileAndLine() throws IOException {
    Path file = write("name: 'unterminated\nbackends: []\n");
    assertThatThrownBy(() -> loader.load(file, Pool.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":")
        .hasMessageContaining("YAML")
        .hasMessageNotContaining("\n");
  }

  @Test
  void unknownFieldNamesFileLineAndField() throws IOException {
    Path file = write("name: web\nbakends: []\n");
    assertThatThrownBy(() -> loader.load(file, Pool.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":2:")
        .hasMessageContaining("unknown field 'bakends'")
        .hasMessageContaining("backends");
  }

  @Test
  void wrongTypeNamesTheNestedField() throws IOException {
    Path file = write("name: web\nbackends:\n  - host: a\n    port: eighty\n");
    assertThatThrownBy(() -> loader.load(file, Pool.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":4:")
        .hasMessageContaining("backends[0].port")
        .hasMessageContaining("'eighty' as an integer");
  }

  @Test
  void badEnumListsTheAcceptedValues() throws IOException {
    Path file = write("name: web\nalgorithm: random\n");
    assertThatThrownBy(() -> loader.load(file, Pool.class))
        .hasMessageContaining("algorithm")
        .hasMessageContaining("ROUND_ROBIN, LEAST_CONNECTIONS");
  }

  @Test
  void missingFieldIsLeftToTheRecordsOwnValidation() throws IOException {
    Path file = write("name: web\nbackends:\n  - host: a\n");
    assertThatThrownBy(() -> loader.load(file, Pool.class))
        .hasMessageStartingWith(file + ":3:")
        .hasMessageEndingWith("port must be between 1 and 65535, got 0");
  }

  @Test
  void recordValidationMessageIsReportedWithItsLocation() throws IOException {
    Path file = write("name: web\nbackends:\n  - host: a\n    port: 70000\n");
    assertThatThrownBy(() -> loader.load(file, Pool.class))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":")
        .hasMessageContaining("backends[0]")
        .hasMessageEndingWith("port must be between 1 and 65535, got 70000");
  }

  @Test
  void unknownFieldInANestedListItemNamesItsOwnLine() throws IOException {
    Path file =
        write(
            "name: web\nbackends:\n  - host: a\n    port: 1\n  - host: b\n    weight: 3\n    port: 2\n");
    assertThatThrownBy(() -> loader.load(file, Pool.class))
        .hasMessageStartingWith(file + ":6:5: backends[1].weight: unknown field 'weight'");
  }

  @Test
  void duplicateKeysAreRejected() throws IOException {
    Path file = write("name: web\nname: api\n");
    assertThatThrownBy(() -> loader.load(file, Pool.class))
        .hasMessageStartingWith(file + ":2:")
        .hasMessageContaining("name");
  }

  @Test
  void missingAndEmptyFilesAreOneLineErrors() throws IOException {
    Path onlyComments = dir.resolve("comments.yaml");
    Files.writeString(onlyComments, "# nothing here yet\n");
    assertThatThrownBy(() -> loader.load(onlyComments, Pool.class))
        .hasMessage(onlyComments + ": config file is empty");
    Path missing = dir.resolve("absent.yaml");
    assertThatThrownBy(() -> loader.load(missing, Pool.class))
        .hasMessage(missing + ": config file not found");
    Path empty = write("");
    assertThatThrownBy(() -> loader.load(empty, Pool.class))
        .hasMessage(empty + ": config file is empty");
  }
}
