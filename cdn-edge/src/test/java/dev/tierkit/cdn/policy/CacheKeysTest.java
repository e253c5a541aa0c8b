package dev.tierkit.cdn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheKeysTest {
  private final CacheKeys plain = new CacheKeys(KeyPolicy.DEFAULT);

  @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http|Example.COM|example.com",
        "http|example.com:80|example.com",
        "http|example.com:8080|example.com:8080",
        "http|example.com:443|example.com:443",
        "https|example.com:443|example.com",
        "https|example.com:80|example.com:80",
        "http|example.com:|example.com",
        "http|[::1]|[::1]",
        "http|[::1]:80|[::1]",
        "https|[2001:DB8::1]:8443|[2001:db8::1]:8443",
        "http|' example.com '|example.com",
      })
  void hostIsLowerCasedAndLosesItsDefaultPort(String scheme, String hostHeader, String host) {
    RequestTarget t = plain.target(scheme, hostHeader, "/p");
    assertThat(t.host()).isEqualTo(host);
    assertThat(t.primaryKey()).isEqualTo(scheme + "://" + host + "/p");
  }

  @Test
  void schemeIsLowerCasedBeforeThePortCheck() {
    assertThat(plain.target("HTTPS", "h:443", "/").primaryKey()).isEqualTo("https://h/");
  }

  @Test
  void missingHostIsEmpty() {
    assertThat(plain.target("http", null, "/a").host()).isEmpty();
  }

  @Test
  void pathAndQueryAreKeptExactlyAsSent() {
    RequestTarget t = plain.target("http", "h", "/A%2Fb/../c;x?b=2&a=1&a=0");
    assertThat(t.path()).isEqualTo("/A%2Fb/../c;x");
    assertThat(t.query()).isEqualTo("b=2&a=1&a=0");
    assertThat(t.primaryKey()).isEqualTo("http://h/A%2Fb/../c;x?b=2&a=1&a=0");
  }

  @Test
  void differentQueryValuesAreDifferentObjects() {
    assertThat(plain.target("http", "h", "/image.png?v=2").primaryKey())
        .isNotEqualTo(plain.target("http", "h", "/image.png?v=1").primaryKey());
  }

  @Test
  void emptyQueryLeavesNoQuestionMark() {
    RequestTarget t = plain.target("http", "h", "/p?");
    assertThat(t.query()).isEmpty();
    assertThat(t.primaryKey()).isEqualTo("http://h/p");
  }

  @Test
  void absoluteFormTakesTheHostFromItsAuthority() {
    RequestTarget t =
        plain.target("http", "ignored.example", "http://User@Origin.Example:80/x?q=1");
    assertThat(t.host()).isEqualTo("origin.example");
    assertThat(t.path()).isEqualTo("/x");
    assertThat(t.query()).isEqualTo("q=1");
    assertThat(t.primaryKey()).isEqualTo("http://origin.example/x?q=1");
    assertThat(plain.target("http", null, "http://h.example").path()).isEqualTo("/");
    assertThat(plain.target("http", null, "http://h.example?x").primaryKey())
        .isEqualTo("http://h.example/?x");
  }

  @Test
  void sortingIsStableByName() {
    CacheKeys sorted = new CacheKeys(new KeyPolicy(true, Set.of()));
    assertThat(sorted.target("http", "h", "/p?b=2&a=9&c&a=1&b=1").query())
        .isEqualTo("a=9&a=1&b=2&b=1&c");
    assertThat(sorted.target("http", "h", "/p?b=2&a=1").primaryKey())
        .isEqualTo(sorted.target("http", "h", "/p?a=1&b=2").primaryKey());
  }

  @Test
  void ignoredParametersAreDroppedExactlyOrByPrefix() {
    CacheKeys keys = new CacheKeys(new KeyPolicy(false, Set.of("fbclid", "utm_*")));
    RequestTarget t = keys.target("http", "h", "/p?utm_source=x&id=3&fbclid=y&utm=z&fbclid2=w");
    assertThat(t.query()).isEqualTo("id=3&utm=z&fbclid2=w");
    RequestTarget onlyIgnored = keys.target("http", "h", "/p?utm_a=1&fbclid");
    assertThat(onlyIgnored.query()).isEmpty();
    assertThat(onlyIgnored.primaryKey()).isEqualTo("http://h/p");
  }

  @Test
  void ignoreAndSortCombine() {
    CacheKeys keys = new CacheKeys(new KeyPolicy(true, Set.of("utm_*")));
    assertThat(keys.target("https", "h:443", "/p?z=1&utm_x=2&a=3").primaryKey())
        .isEqualTo("https://h/p?a=3&z=1");
  }

  @Test
  void ignoredNamesMustBeNamesOrPrefixes() {
    assertThatThrownBy(() -> new KeyPolicy(false, Set.of("*"))).hasMessageContaining("'*'");
    assertThatThrownBy(() -> new KeyPolicy(false, Set.of(""))).hasMessageContaining("''");
  }
}
