package dev.tierkit.cdn.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tierkit.cdn.policy.ByteRanges.Range;
import dev.tierkit.cdn.policy.ByteRanges.RangeSet;
import dev.tierkit.cdn.policy.ByteRanges.RangeSet.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangesTest {
  private static final int MAX = 16;

  private static String render(RangeSet set) {
    StringBuilder b = new StringBuilder();
    for (Range r : set.ranges()) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(r.first()).append('-').append(r.last());
    }
    return b.toString();
  }

  /** Length 10000 unless stated: RFC 9110 §14.1.2's examples and the edge cases. */
  @ParameterizedTest(name = "[{index}] ''{0}'' of {1} -> {2} {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bytes=0-499|10000|SATISFIABLE|0-499",
        "bytes=500-999|10000|SATISFIABLE|500-999",
        "bytes=-500|10000|SATISFIABLE|9500-9999",
        "bytes=9500-|10000|SATISFIABLE|9500-9999",
        "bytes=0-0,-1|10000|SATISFIABLE|0-0,9999-9999",
        "bytes=0-0|50|SATISFIABLE|0-0",
        "bytes=-1|50|SATISFIABLE|49-49",
        "bytes=-100|50|SATISFIABLE|0-49",
        "bytes=0-999|50|SATISFIABLE|0-49",
        "bytes=100-|50|UNSATISFIABLE|''",
        "bytes=50-60|50|UNSATISFIABLE|''",
        "bytes=-0|50|UNSATISFIABLE|''",
        "bytes=0-0|0|UNSATISFIABLE|''",
        "bytes=-5|0|UNSATISFIABLE|''",
        "bytes=0-10,5-20|50|SATISFIABLE|0-20",
        "bytes=0-10,11-20|50|SATISFIABLE|0-20",
        "bytes=0-10,12-20|50|SATISFIABLE|0-10,12-20",
        "bytes=30-40,0-5,35-45|50|SATISFIABLE|30-45,0-5",
        "bytes=30-40,0-5,4-32|50|SATISFIABLE|0-40",
        "bytes=100-200,0-5|50|SATISFIABLE|0-5",
        "bytes=-10,0-4|50|SATISFIABLE|40-49,0-4",
        "bytes = 1 - 2 , 4-5|50|SATISFIABLE|1-2,4-5",
        "BYTES=1-2|50|SATISFIABLE|1-2",
        "bytes=1-2,,|50|SATISFIABLE|1-2",
        "bytes=99999999999999999999999-|50|UNSATISFIABLE|''",
        "bytes=0-99999999999999999999999|50|SATISFIABLE|0-49",
      })
  void rangesAreParsedClampedAndCoalesced(String header, long length, Kind kind, String ranges) {
    RangeSet set = ByteRanges.parse(header, length, MAX);
    assertThat(set.kind()).isEqualTo(kind);
    assertThat(render(set)).isEqualTo(ranges);
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @ValueSource(
      strings = {
        "bytes=5-2",
        "bytes=",
        "bytes",
        "bytes=-",
        "bytes=a-b",
        "bytes=1-2-3",
        "bytes=1",
        "bytes=0-1;x",
        "items=0-1",
        "bytesx=0-1",
        "bytes=0-1,5-2",
        "bytes=+1-2",
        "bytes=-1-",
        "",
        "=0-1",
      })
  void invalidOrForeignRangesAreIgnored(String header) {
    RangeSet set = ByteRanges.parse(header, 50, MAX);
    assertThat(set.kind()).isEqualTo(Kind.IGNORE);
    assertThat(set.ranges()).isEmpty();
  }

  @Test
  void negativeLengthIsACallerError() {
    assertThatThrownBy(() -> ByteRanges.parse("bytes=0-1", -1, MAX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("length");
  }

  @Test
  void absentRangeIsIgnored() {
    assertThat(ByteRanges.parse(null, 50, MAX).kind()).isEqualTo(Kind.IGNORE);
  }

  @Test
  void moreRangesThanTheLimitAreIgnored() {
    assertThat(ByteRanges.parse("bytes=0-1,2-3,4-5", 50, 3).kind()).isEqualTo(Kind.SATISFIABLE);
    assertThat(ByteRanges.parse("bytes=0-1,2-3,4-5,6-7", 50, 3).kind()).isEqualTo(Kind.IGNORE);
  }

  @Test
  @Timeout(5)
  void theManyOverlappingRangesAttackIsCheap() {
    StringBuilder b = new StringBuilder("bytes=");
    for (int i = 0; i < 100_000; i++) {
      b.append(i == 0 ? "" : ",").append("0-");
    }
    assertThat(ByteRanges.parse(b.toString(), 1_000_000, 100).kind()).isEqualTo(Kind.IGNORE);
    StringBuilder few = new StringBuilder("bytes=");
    for (int i = 0; i < 100; i++) {
      few.append(i == 0 ? "" : ",").append(i).append('-');
    }
    RangeSet set = ByteRanges.parse(few.toString(), 1_000_000, 100);
    assertThat(set.isSingle()).isTrue();
    assertThat(set.ranges().get(0)).isEqualTo(new Range(0, 999_999));
  }

  @Test
  void singleAndMultipleAreDistinguished() {
    assertThat(ByteRanges.parse("bytes=0-1", 50, MAX).isSingle()).isTrue();
    assertThat(ByteRanges.parse("bytes=0-1,3-4", 50, MAX).isSingle()).isFalse();
    assertThat(ByteRanges.parse("bytes=100-", 50, MAX).isSingle()).isFalse();
  }

  @Test
  void contentRangeFieldValues() {
    assertThat(ByteRanges.contentRange(new Range(0, 499), 10_000)).isEqualTo("bytes 0-499/10000");
    assertThat(ByteRanges.unsatisfiedContentRange(50)).isEqualTo("bytes */50");
    assertThat(new Range(5, 5).length()).isEqualTo(1);
    assertThatThrownBy(() -> new Range(5, 4)).isInstanceOf(IllegalArgumentException.class);
  }
}
