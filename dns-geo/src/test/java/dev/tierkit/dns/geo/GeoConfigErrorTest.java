package dev.tierkit.dns.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierkit.common.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every user mistake is one line naming the file, the line and the field. */
class GeoConfigErrorTest {
  private static final String DATACENTERS =
      """
      datacenters:
        us-east:
          checks: [ { name: lb, tcp: "127.1.0.1:8080" } ]
        eu-west: {}
      """;

  @TempDir Path dir;

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("geo.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  private void assertError(String yaml, int line, String... fragments) throws IOException {
    Path file = write(yaml);
    assertThatThrownBy(() -> CompiledGeo.load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(file + ":" + line + ":")
        .hasMessageNotContaining("\n")
        .hasMessageContainingAll(fragments);
  }

  @Test
  void prefixLengthBeyondTheFamilyNamesTheNetwork() throws IOException {
    assertError(
        DATACENTERS + "maps:\n  networks:\n    10.1.0.0/33: [us-east]\n",
        7,
        "maps.networks[10.1.0.0/33]",
        "prefix length 33 is outside 0..32");
  }

  @Test
  void cidrWithHostBitsSetSaysWhichNetworkWasMeant() throws IOException {
    assertError(
        DATACENTERS + "maps:\n  networks:\n    10.1.2.3/16: [us-east]\n",
        7,
        "host bits set",
        "10.1.0.0/16");
  }

  @Test
  void addressThatIsNotAnIpIsRejectedWithoutALookup() throws IOException {
    assertError(
        DATACENTERS + "maps:\n  networks:\n    example.com/16: [us-east]\n",
        7,
        "'example.com' is not an IPv4 address");
    assertError(
        DATACENTERS + "maps:\n  networks:\n    10.1.0.256/24: [us-east]\n",
        7,
        "not an IPv4 address");
  }

  @Test
  void unknownDataCenterInAMapNamesItsListEntry() throws IOException {
    assertError(
        DATACENTERS + "maps:\n  networks:\n    10.1.0.0/16:\n      - us-east\n      - eu-wst\n",
        9,
        "maps.networks[10.1.0.0/16][1]",
        "unknown data center 'eu-wst' (known: us-east, eu-west)");
    assertError(
        DATACENTERS + "maps:\n  default: [us-east, ap-south]\n",
        6,
        "maps.default[1]",
        "'ap-south'");
  }

  @Test
  void dataCenterListedTwiceIsAMistake() throws IOException {
    assertError(DATACENTERS + "maps:\n  default: [us-east, us-east]\n", 6, "listed twice");
  }

  @Test
  void unknownDataCenterInAResourceNamesTheResource() throws IOException {
    assertError(
        DATACENTERS
            + "resources:\n  www.example.com.:\n    datacenters:\n"
            + "      ap-south:\n        records: [ { type: A, data: 127.0.0.1 } ]\n",
        8,
        "resources[www.example.com.].datacenters.ap-south",
        "unknown data center 'ap-south'");
  }

  @Test
  void unknownCheckNameListsTheChecksTheDataCenterHas() throws IOException {
    assertError(
        DATACENTERS
            + "resources:\n  www.example.com.:\n    datacenters:\n"
            + "      us-east:\n        check: edge\n        records: [ { type: A, data: 127.0.0.1 } ]\n",
        9,
        ".check",
        "has no check named 'edge' (it has: lb)");
  }

  @Test
  void missingMaxmindFileNamesTheFileField() throws IOException {
    assertError(
        DATACENTERS + "maps:\n  maxmind:\n    file: absent.mmdb\n",
        7,
        "maps.maxmind.file",
        "absent.mmdb not found");
  }

  @Test
  void fileThatIsNotAMaxmindDatabaseIsReportedNotThrown() throws IOException {
    Files.writeString(dir.resolve("junk.mmdb"), "not a database");
    assertError(
        DATACENTERS + "maps:\n  maxmind:\n    file: junk.mmdb\n",
        7,
        "cannot read MaxMind database");
  }

  @Test
  void nearestWithoutCoordinatesIsAMistake() throws IOException {
    Files.copy(
        CompiledGeoTest.example().resolveSibling("geo-test-city.mmdb"), dir.resolve("c.mmdb"));
    assertError(
        DATACENTERS + "maps:\n  maxmind:\n    file: c.mmdb\n    nearest: true\n",
        8,
        "maps.maxmind.nearest",
        "no data center has a latitude and longitude");
  }

  @Test
  void badContinentAndCountryCodesAreNamed() throws IOException {
    Files.copy(
        CompiledGeoTest.example().resolveSibling("geo-test-city.mmdb"), dir.resolve("c.mmdb"));
    assertError(
        DATACENTERS + "maps:\n  maxmind:\n    file: c.mmdb\n    continents: { EUR: [us-east] }\n",
        8,
        "maps.maxmind.continents.EUR",
        "not a continent code");
    assertError(
        DATACENTERS + "maps:\n  maxmind:\n    file: c.mmdb\n    countries: { ie: [us-east] }\n",
        8,
        "maps.maxmind.countries.ie");
  }

  @Test
  void recordDataThatDoesNotParseNamesTheRecord() throws IOException {
    assertError(
        DATACENTERS
            + "resources:\n  www.example.com.:\n    datacenters:\n      us-east:\n        records:\n"
            + "          - { type: A, data: 127.0.0.1 }\n          - { type: A, data: not-an-ip }\n",
        11,
        "records[1]",
        "cannot read 'not-an-ip' as A");
  }

  @Test
  void unknownRecordTypeIsNamed() throws IOException {
    assertError(
        DATACENTERS
            + "resources:\n  www.example.com.:\n    datacenters:\n      us-east:\n        records:\n"
            + "          - { type: AAA, data: 127.0.0.1 }\n",
        10,
        "'AAA' is not a DNS record type");
  }

  @Test
  void cnameBesideOtherTypesIsRejected() throws IOException {
    assertError(
        DATACENTERS
            + "resources:\n  www.example.com.:\n    datacenters:\n"
            + "      us-east:\n        records: [ { type: CNAME, data: a.example.net. } ]\n"
            + "      eu-west:\n        records: [ { type: A, data: 127.0.0.1 } ]\n",
        6,
        "a CNAME cannot share its name");
  }

  @Test
  void checkWithBothTargetsOrNeitherIsRejected() throws IOException {
    assertError(
        """
        datacenters:
          us-east:
            checks:
              - { name: lb, tcp: "127.0.0.1:1", http: "http://127.0.0.1/" }
        """,
        4,
        "datacenters.us-east.checks[0]",
        "exactly one of 'tcp' or 'http'");
  }

  @Test
  void badCheckTargetsAreNamed() throws IOException {
    assertError(
        "datacenters:\n  us-east:\n    checks:\n      - { name: lb, tcp: \"127.0.0.1:99999\" }\n",
        4,
        "port must be between 1 and 65535");
    assertError(
        "datacenters:\n  us-east:\n    checks:\n      - { name: lb, http: \"https://x/\" }\n",
        4,
        "https is not supported");
  }

  @Test
  void timeoutLongerThanTheIntervalIsRejected() throws IOException {
    assertError(
        """
        datacenters:
          us-east:
            checks:
              - { name: lb, tcp: "127.0.0.1:1", timeout: 2s }
        """,
        4,
        "timeout 2000ms is longer than interval 500ms");
  }

  @Test
  void badDurationNamesTheField() throws IOException {
    assertError(
        "datacenters:\n  us-east: {}\nhealth:\n  interval: soon\n",
        3,
        "health",
        "interval",
        "'soon' is not a duration");
  }

  @Test
  void misspeltFieldIsAnError() throws IOException {
    assertError(
        "datacenters:\n  us-east: {}\nmaps:\n  defualt: [us-east]\n", 4, "unknown field 'defualt'");
  }

  @Test
  void latitudeWithoutLongitudeIsRejected() throws IOException {
    assertError("datacenters:\n  us-east:\n    latitude: 10\n", 2, "give both or none");
  }

  @Test
  void configBuiltInCodeNamesItsDirectoryAndField() {
    GeoConfig config =
        new GeoConfig(
            java.util.Map.of("us-east", new GeoConfig.DatacenterConfig(null, null, null)),
            null,
            new GeoConfig.MapsConfig(null, null, java.util.List.of("nowhere")),
            null);
    assertThatThrownBy(() -> CompiledGeo.compile(config, dir))
        .isInstanceOf(ConfigException.class)
        .hasMessage(dir + ": maps.default[0]: unknown data center 'nowhere' (known: us-east)");
    assertThat(
            CompiledGeo.compile(new GeoConfig(config.datacenters(), null, null, null), dir)
                .rrsets())
        .isEmpty();
  }
}
