package dev.tierkit.common.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a YAML file into an immutable record (or any Jackson-readable type).
 *
 * <p>Records validate themselves in their compact constructors by throwing {@link
 * IllegalArgumentException}; that message, the YAML syntax errors, unknown fields and wrong types
 * all come back as one {@link ConfigException} line: {@code FILE:LINE:COLUMN: FIELD: PROBLEM}.
 * Unknown fields are errors (a misspelt setting must never be silently ignored), and so are
 * duplicate keys. A field left out gets Java's default (null, 0, false) and the record's
 * constructor decides whether that is acceptable, so defaults are written down in one place.
 *
 * <p>Limits: a config file larger than {@link #MAX_FILE_BYTES} is rejected before parsing.
 */
public final class YamlConfigLoader {
  /** The largest config file accepted: 16 MiB, far beyond any real zone map or backend list. */
  public static final long MAX_FILE_BYTES = 16L << 20;

  private final ObjectMapper mapper;

  public YamlConfigLoader() {
    this.mapper =
        YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
  }

  /**
   * Loads {@code file} as a {@code type}.
   *
   * @throws ConfigException with one line naming the file, line and field at fault
   */
  public <T> T load(Path file, Class<T> type) {
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ConfigException(
            file + ": config file is larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
      }
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": config file not found", e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config file: " + e.getMessage(), e);
    }
    try (InputStream in = Files.newInputStream(file);
        JsonParser parser = mapper.createParser(in)) {
      if (parser.nextToken() == null) {
        throw new ConfigException(file + ": config file is empty");
      }
      return mapper.readValue(parser, type);
    } catch (JsonProcessingException e) {
      throw new ConfigException(describe(file, e), e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config file: " + e.getMessage(), e);
    }
  }

  static String describe(Path file, JsonProcessingException e) {
    StringBuilder line = new StringBuilder().append(file);
    Optional<Mark> field =
        e instanceof JsonMappingException mapping
            ? locate(file, mapping.getPath())
            : Optional.empty();
    JsonLocation location = e.getLocation();
    if (field.isPresent()) {
      line.append(':')
          .append(field.get().getLine() + 1)
          .append(':')
          .append(field.get().getColumn() + 1);
    } else if (location != null && location.getLineNr() > 0) {
      line.append(':').append(location.getLineNr()).append(':').append(location.getColumnNr());
    }
    line.append(": ");
    if (e instanceof JsonMappingException mapping) {
      String fieldPath = fieldPath(mapping);
      if (!fieldPath.isEmpty()) {
        line.append(fieldPath).append(": ");
      }
    }
    line.append(problem(e));
    return line.toString().replace('\n', ' ').replaceAll("\\s+", " ").trim();
  }

  /**
   * Finds where the field at {@code path} is written. Jackson's own location is exact for syntax
   * and type errors but not for records: it buffers the properties a constructor does not take and
   * reports them after reading the whole object. Walking SnakeYAML's node tree (which keeps every
   * node's position) along Jackson's path gives the line of the field itself.
   */
  private static Optional<Mark> locate(Path file, List<JsonMappingException.Reference> path) {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(true);
      Node node = new Yaml(options).compose(Files.newBufferedReader(file));
      Mark mark = null;
      for (JsonMappingException.Reference ref : path) {
        if (ref.getFieldName() != null && node instanceof MappingNode mapping) {
          NodeTuple match = null;
          for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key
                && key.getValue().equals(ref.getFieldName())) {
              match = tuple;
            }
          }
          if (match == null) {
            return Optional.empty();
          }
          mark = match.getKeyNode().getStartMark();
          node = match.getValueNode();
        } else if (ref.getIndex() >= 0
            && node instanceof SequenceNode sequence
            && ref.getIndex() < sequence.getValue().size()) {
          node = sequence.getValue().get(ref.getIndex());
          mark = node.getStartMark();
        } else {
          return Optional.empty();
        }
      }
      return Optional.ofNullable(mark);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String fieldPath(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String problem(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException unknown) {
      String known =
          unknown.getKnownPropertyIds() == null
              ? ""
              : unknown.getKnownPropertyIds().stream()
                  .map(Object::toString)
                  .sorted()
                  .collect(Collectors.joining(", ", " (known fields: ", ")"));
      return "unknown field '" + unknown.getPropertyName() + "'" + known;
    }
    if (e instanceof ValueInstantiationException instantiation) {
      Throwable cause = instantiation.getCause();
      while (cause != null && cause.getCause() != null && cause.getMessage() == null) {
        cause = cause.getCause();
      }
      return cause != null && cause.getMessage() != null ? cause.getMessage() : "invalid value";
    }
    if (e instanceof InvalidFormatException format) {
      return "cannot read '" + format.getValue() + "' as " + describeType(format.getTargetType());
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return "expected " + describeType(mismatch.getTargetType());
    }
    String message = e.getOriginalMessage();
    // SnakeYAML's messages carry a multi-line excerpt of the file; the first line says what is
    // wrong and the location is already given.
    int newline = message.indexOf('\n');
    return "YAML: " + (newline > 0 ? message.substring(0, newline) : message);
  }

  private static String describeType(Class<?> type) {
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "an integer";
    }
    if (type == double.class || type == Double.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type.isEnum()) {
      StringBuilder values = new StringBuilder("one of ");
      Object[] constants = type.getEnumConstants();
      for (int i = 0; i < constants.length; i++) {
        values.append(i == 0 ? "" : ", ").append(constants[i]);
      }
      return values.toString();
    }
    if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping";
    }
    return "a " + type.getSimpleName();
  }
}
