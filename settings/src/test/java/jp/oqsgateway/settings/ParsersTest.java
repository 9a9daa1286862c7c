package jp.oqsgateway.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ParsersTest {
  @Test
  void durationsAcceptUnitsAndIso8601AndRejectTheRest() {
    assertThat(Parsers.duration().apply("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Parsers.duration().apply("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Parsers.duration().apply("PT15S")).isEqualTo(Duration.ofSeconds(15));
    assertThatThrownBy(() -> Parsers.duration().apply("soon"))
        .hasMessageContaining("must be a duration");
  }
}
