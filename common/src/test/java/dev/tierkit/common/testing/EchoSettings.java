package dev.tierkit.common.testing;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The echo daemon's YAML settings, validated in the constructor like every daemon config record.
 *
 * @param prefix text put before every echoed line
 * @param maxLineLength the longest line accepted, in bytes
 */
public record EchoSettings(
    @JsonProperty("prefix") String prefix, @JsonProperty("maxLineLength") int maxLineLength) {
  public EchoSettings {
    prefix = prefix == null ? "" : prefix;
    if (maxLineLength <= 0) {
      maxLineLength = 1024;
    }
    if (maxLineLength > 1 << 20) {
      throw new IllegalArgumentException(
          "maxLineLength must be at most 1048576, got " + maxLineLength);
    }
  }
}
