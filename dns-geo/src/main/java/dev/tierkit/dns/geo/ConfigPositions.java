package dev.tierkit.dns.geo;

import dev.tierkit.common.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Turns a problem the compiler finds (an unknown data center, an unreadable database) into the
 * one-line {@code FILE:LINE:COL: field.path: problem} that {@link
 * dev.tierkit.common.config.YamlConfigLoader} gives for problems found while binding: the line
 * comes from SnakeYAML's node tree, which keeps every node's position.
 */
final class ConfigPositions {
  private final String source;
  private final Node root;

  private ConfigPositions(String source, Node root) {
    this.source = source;
    this.root = root;
  }

  /** Positions in {@code file}; a file that cannot be re-read gives messages without lines. */
  static ConfigPositions of(Path file) {
    try (Reader reader = Files.newBufferedReader(file)) {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(true);
      return new ConfigPositions(file.toString(), new Yaml(options).compose(reader));
    } catch (IOException | RuntimeException e) {
      return new ConfigPositions(file.toString(), null);
    }
  }

  /** No file to point into (a config built in code): messages start with {@code source}. */
  static ConfigPositions none(String source) {
    return new ConfigPositions(source, null);
  }

  /**
   * The error for {@code path} (map keys as strings, list indexes as integers).
   *
   * @param path where the problem is; the position is that of the deepest node found
   */
  ConfigException error(List<Object> path, String problem) {
    StringBuilder line = new StringBuilder(source);
    Mark mark = locate(path);
    if (mark != null) {
      line.append(':').append(mark.getLine() + 1).append(':').append(mark.getColumn() + 1);
    }
    line.append(": ");
    if (!path.isEmpty()) {
      line.append(describe(path)).append(": ");
    }
    return new ConfigException(line.append(problem).toString().replace('\n', ' '));
  }

  /** {@code maps.networks[10.1.0.0/16][1]}: keys holding a dot go in brackets. */
  static String describe(List<Object> path) {
    StringBuilder out = new StringBuilder();
    for (Object segment : path) {
      if (segment instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else {
        String key = segment.toString();
        if (key.indexOf('.') >= 0 || key.indexOf('/') >= 0 || key.indexOf(':') >= 0) {
          out.append('[').append(key).append(']');
        } else {
          out.append(out.length() == 0 ? "" : ".").append(key);
        }
      }
    }
    return out.toString();
  }

  private Mark locate(List<Object> path) {
    if (root == null) {
      return null;
    }
    Node node = root;
    Mark mark = root.getStartMark();
    for (Object segment : path) {
      if (segment instanceof Integer index
          && node instanceof SequenceNode sequence
          && index < sequence.getValue().size()) {
        node = sequence.getValue().get(index);
        mark = node.getStartMark();
      } else if (segment instanceof String key && node instanceof MappingNode mapping) {
        NodeTuple match = null;
        for (NodeTuple tuple : mapping.getValue()) {
          if (tuple.getKeyNode() instanceof ScalarNode scalar && keyMatches(scalar, key)) {
            match = tuple;
          }
        }
        if (match == null) {
          return mark;
        }
        mark = match.getKeyNode().getStartMark();
        node = match.getValueNode();
      } else {
        return mark;
      }
    }
    return mark;
  }

  private static boolean keyMatches(ScalarNode scalar, String key) {
    return scalar.getValue().equals(key);
  }
}
