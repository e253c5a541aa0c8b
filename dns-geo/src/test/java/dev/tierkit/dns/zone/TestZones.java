package dev.tierkit.dns.zone;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.xbill.DNS.Name;

/** Test zone files under {@code src/test/resources/zones/} and names to query them with. */
final class TestZones {
  private TestZones() {}

  static Path path(String file) {
    URL url = TestZones.class.getResource("/zones/" + file);
    if (url == null) {
      throw new IllegalArgumentException("no test zone " + file);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Zone load(String file) {
    return ZoneLoader.load(path(file), null, -1);
  }

  static Zone load(String file, String origin) {
    return ZoneLoader.load(path(file), name(origin), -1);
  }

  static Name name(String name) {
    return Name.fromConstantString(name.endsWith(".") ? name : name + ".");
  }
}
