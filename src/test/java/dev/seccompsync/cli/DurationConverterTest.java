package dev.seccompsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationConverterTest {

  private final DurationConverter converter = new DurationConverter();

  @Test
  void readsKubernetesStyleDurations() {
    assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(converter.convert("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(converter.convert("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(converter.convert("2h45m")).isEqualTo(Duration.ofMinutes(165));
  }

  @Test
  void refusesDurationsLongerThanAYear() {
    assertThatThrownBy(() -> converter.convert("2562047788015216h"))
        .hasMessage("'2562047788015216h' is longer than a year");
  }

  @Test
  void refusesAnythingElseWithTheFormToUse() {
    for (var bad : new String[] {"5", "1.s", "-1s", "5 minutes", "PT5S", "", "1d"}) {
      assertThatThrownBy(() -> converter.convert(bad))
          .hasMessage(
              "'%s' is not a duration; write it as 500ms, 30s, 1.5s, 5m or 1h30m".formatted(bad));
    }
  }
}
