package dev.tierkit.cdn.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaryTest {

  private static HttpHeaders headers(String... namesAndValues) {
    HttpHeaders h = new DefaultHttpHeaders();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }

  @Test
  void noVaryMeansNoNamesAndAnEmptyVariantKey() {
    List<String> names = Vary.names(new DefaultHttpHeaders());
    assertThat(names).isEmpty();
    assertThat(Vary.isStar(names)).isFalse();
    assertThat(Vary.variantKey(names, headers("accept", "x"))).isEmpty();
  }

  @Test
  void namesAreLowerCasedTrimmedDeduplicatedAndKeptInOrder() {
    HttpHeaders r = headers("vary", "Accept-Language,  Cookie ,,accept-language", "Vary", "X-A");
    assertThat(Vary.names(r)).containsExactly("accept-language", "cookie", "x-a");
  }

  @Test
  void starAnywhereIsStar() {
    List<String> names = Vary.names(headers("vary", "accept", "vary", "cookie, * "));
    assertThat(names).containsExactly("*");
    assertThat(Vary.isStar(names)).isTrue();
  }

  @Test
  void absentAndEmptyRequestFieldsAreDifferentVariants() {
    List<String> names = List.of("x-a");
    String absent = Vary.variantKey(names, new DefaultHttpHeaders());
    String empty = Vary.variantKey(names, headers("x-a", ""));
    assertThat(absent).isNotEqualTo(empty);
  }

  @Test
  void whitespaceAroundCommasAndSeveralLinesNormaliseToOneValue() {
    List<String> names = List.of("accept-language");
    String a = Vary.variantKey(names, headers("accept-language", "en,fr"));
    String b = Vary.variantKey(names, headers("accept-language", "en ,  fr"));
    String c = Vary.variantKey(names, headers("accept-language", "en", "Accept-Language", "fr"));
    assertThat(a).isEqualTo(b).isEqualTo(c).isEqualTo("=en, fr");
    assertThat(Vary.variantKey(names, headers("accept-language", "fr, en"))).isNotEqualTo(a);
  }

  @Test
  void segmentsCannotBeConfusedAcrossNames() {
    List<String> names = List.of("x-a", "x-b");
    String one = Vary.variantKey(names, headers("x-a", "1", "x-b", "2"));
    String shifted = Vary.variantKey(names, headers("x-a", "1=2"));
    assertThat(one).isEqualTo("=1\n=2");
    assertThat(shifted).isNotEqualTo(one);
  }

  @ParameterizedTest(name = "[{index}] ''{0}'' -> gzip {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "gzip|true",
        "gzip, deflate, br|true",
        "GZIP|true",
        "x-gzip|true",
        "br;q=1, gzip;q=0.5|true",
        "gzip;q=0|false",
        "gzip; q=0.0|false",
        "gzip;q=0, *|false",
        "*|true",
        "*;q=0|false",
        "br|false",
        "identity|false",
        "deflate, br|false",
        "gzip;q=abc|false",
        "gzip;level=1;q=0.3|true",
      })
  void acceptEncodingIsReducedToGzipOrNothing(String acceptEncoding, boolean gzip) {
    String key =
        Vary.variantKey(List.of("accept-encoding"), headers("accept-encoding", acceptEncoding));
    assertThat(key).isEqualTo(gzip ? "=gzip" : "=");
  }

  @Test
  void absentAcceptEncodingIsTheIdentityVariant() {
    List<String> names = List.of("accept-encoding", "x-a");
    assertThat(Vary.variantKey(names, new DefaultHttpHeaders()))
        .isEqualTo(Vary.variantKey(names, headers("accept-encoding", "br")))
        .isEqualTo("=\n");
  }
}
