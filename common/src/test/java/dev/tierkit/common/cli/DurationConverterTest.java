package dev.tierkit.common.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationConverterTest {
  @Test
  void readsTheFormsOperatorsWrite() {
    assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationConverter.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationConverter.parse("30")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationConverter.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(DurationConverter.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(DurationConverter.parse("1d")).isEqualTo(Duration.ofDays(1));
    assertThat(DurationConverter.parse("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void rejectsGarbageWithExamples() {
    assertThatThrownBy(() -> DurationConverter.parse("-5s")).hasMessageContaining("500ms");
    assertThatThrownBy(() -> DurationConverter.parse("5 parsecs")).hasMessageContaining("30s");
  }
}
