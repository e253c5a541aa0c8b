package dev.tierkit.dns.geo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tierkit.dns.zone.DynamicRRset;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** The schema example with the test MaxMind database: one decision per row of the database. */
class CompiledGeoTest {
  private static final CompiledGeo GEO = CompiledGeo.load(example());

  static Path example() {
    try {
      return Path.of(CompiledGeoTest.class.getResource("/geo/example.yaml").toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  private record Hit(List<String> datacenters, int scope) {}

  private static Hit lookup(String address) {
    try {
      byte[] a = InetAddress.getByName(address).getAddress();
      long result = GEO.networkMap().lookup(a, a.length * 8);
      return new Hit(
          GEO.networkMap().decision(NetworkMap.decisionOf(result)).datacenters(),
          NetworkMap.scopeOf(result));
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void continentDecidesWhenNoCountryOrSubdivisionIsMapped() {
    assertThat(lookup("10.1.2.3")).isEqualTo(new Hit(List.of("us-east", "us-west"), 16));
    assertThat(lookup("10.3.2.3")).isEqualTo(new Hit(List.of("eu-west", "us-east"), 16));
  }

  @Test
  void countryBeatsContinent() {
    assertThat(lookup("10.2.200.3")).isEqualTo(new Hit(List.of("eu-west", "us-east"), 17));
    assertThat(lookup("2001:db8:2::1")).isEqualTo(new Hit(List.of("eu-west", "us-east"), 48));
  }

  @Test
  void subdivisionBeatsCountryAndContinent() {
    assertThat(lookup("10.7.0.1")).isEqualTo(new Hit(List.of("us-west", "us-east"), 16));
  }

  @Test
  void unmappedLocationsGoToTheNearestDataCentersFirst() {
    // Tokyo: itself, then San Jose (8,300 km), Dublin (9,600 km), Ashburn (10,900 km).
    assertThat(lookup("10.4.0.1").datacenters())
        .containsExactly("ap-east", "us-west", "eu-west", "us-east");
    // Sydney: Tokyo (7,800 km), San Jose (11,900 km), Ashburn (15,700 km), Dublin (17,200 km).
    assertThat(lookup("10.6.0.1").datacenters())
        .containsExactly("ap-east", "us-west", "us-east", "eu-west");
    // Sao Paulo: Ashburn (7,600 km), Dublin (9,400 km), San Jose (10,500 km), Tokyo (18,500 km).
    assertThat(lookup("10.5.0.1").datacenters())
        .containsExactly("us-east", "eu-west", "us-west", "ap-east");
    // Johannesburg: Dublin (9,600 km), Ashburn (12,800 km), Tokyo (13,500 km), San Jose (16,900).
    assertThat(lookup("10.8.0.1").datacenters())
        .containsExactly("eu-west", "us-east", "ap-east", "us-west");
  }

  @Test
  void distanceIsGreatCircle() {
    // Dublin to Ashburn: 5,450 km; a quarter of the equator: 10,008 km.
    assertThat(GeoCompiler.distanceKm(53.35, -6.26, 39.04, -77.49)).isBetween(5400.0, 5500.0);
    assertThat(GeoCompiler.distanceKm(0, 0, 0, 90)).isBetween(10000.0, 10020.0);
  }

  @Test
  void addressesOutsideTheDatabaseGetTheDefault() {
    assertThat(lookup("172.16.0.1").datacenters()).containsExactly("us-east", "eu-west");
    assertThat(lookup("2001:db8:3::1").datacenters()).containsExactly("us-east", "eu-west");
  }

  @Test
  void explicitCidrOverridesTheDatabaseInsideItOnly() {
    assertThat(lookup("10.2.5.1")).isEqualTo(new Hit(List.of("us-east"), 24));
    // 10.2.6.0/23 is all Ireland; the /22 would take in 10.2.5.0/24.
    assertThat(lookup("10.2.6.1")).isEqualTo(new Hit(List.of("eu-west", "us-east"), 23));
    assertThat(lookup("192.0.2.1")).isEqualTo(new Hit(List.of("ap-east", "us-west"), 24));
  }

  @Test
  void explicitCidrGivingTheDefaultMergesWithTheDefaultBesideIt() {
    // 2001:db8:1::/48 is Ashburn (NA: us-east, us-west) in the database; the CIDR gives it the
    // default, as 2001:db8::/48 has, so the two are one /47 region.
    assertThat(lookup("2001:db8:1::1")).isEqualTo(new Hit(List.of("us-east", "eu-west"), 47));
  }

  @Test
  void checksTakeTheHealthDefaultsUnlessOverridden() {
    HealthCheck lb = GEO.datacenters().get(0).checks().get(0);
    HealthCheck edge = GEO.datacenters().get(0).checks().get(1);
    assertThat(lb.kind()).isEqualTo(HealthCheck.Kind.TCP);
    assertThat(lb.interval()).isEqualTo(Duration.ofMillis(500));
    assertThat(lb.timeout()).isEqualTo(Duration.ofMillis(400));
    assertThat(lb.fall()).isEqualTo(2);
    assertThat(edge.kind()).isEqualTo(HealthCheck.Kind.HTTP);
    assertThat(edge.interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(edge.fall()).isEqualTo(3);
    assertThat(edge.rise()).isEqualTo(2);
    assertThat(GEO.checks()).hasSize(3);
    assertThat(GEO.datacenters().get(2).checks()).isEmpty();
  }

  @Test
  void oneRrsetPerResourceNameAndType() throws Exception {
    assertThat(GEO.rrsets())
        .extracting(DynamicRRset::name, DynamicRRset::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Name.fromString("www.example.com."), Type.A),
            org.assertj.core.groups.Tuple.tuple(Name.fromString("www.example.com."), Type.AAAA),
            org.assertj.core.groups.Tuple.tuple(Name.fromString("api.example.com."), Type.CNAME));
  }

  @Test
  void namesInRecordDataAreAbsolute() {
    GeoResource api = (GeoResource) GEO.rrsets().get(2);
    assertThat(api.entries().get(0).records().get(0).rdata())
        .isEqualTo(org.xbill.DNS.Name.fromConstantString("api-eu.example.net.").toWire());
  }
}
