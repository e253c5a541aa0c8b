package dev.tierkit.dns;

import java.nio.file.Path;
import java.util.Objects;
import org.xbill.DNS.Name;

/**
 * One zone to serve: its master file and, when the file does not name it with {@code $ORIGIN} or
 * absolute names, its origin.
 *
 * @param origin the zone's apex, or null to take it from the file
 * @param file the RFC 1035 master file
 */
public record ZoneSource(Name origin, Path file) {
  public ZoneSource {
    Objects.requireNonNull(file, "file");
  }

  /**
   * Reads {@code FILE} or {@code ORIGIN=FILE}, as {@code --zone} takes it.
   *
   * @throws IllegalArgumentException naming the bad origin
   */
  public static ZoneSource parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0) {
      return new ZoneSource(null, Path.of(spec));
    }
    return of(spec.substring(0, eq), Path.of(spec.substring(eq + 1)));
  }

  /**
   * A zone at {@code file} with {@code origin} given as text, or null to take it from the file.
   *
   * @throws IllegalArgumentException naming the bad origin
   */
  public static ZoneSource of(String origin, Path file) {
    if (origin == null) {
      return new ZoneSource(null, file);
    }
    try {
      return new ZoneSource(Name.fromString(origin, Name.root), file);
    } catch (org.xbill.DNS.TextParseException e) {
      throw new IllegalArgumentException("bad zone origin '" + origin + "': " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return origin == null ? file.toString() : origin + "=" + file;
  }
}
