package jp.oqsgateway.gateway.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void anEndThatCannotBeRecordedIsTriedAgainAfterOneSecondThenDoublingUpToEveryThirtySeconds() {
    Backoff s = Backoff.UNTIL_DONE;
    assertThat(s.after(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.after(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.after(5)).isEqualTo(Duration.ofSeconds(16));
    assertThat(s.after(6)).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.after(1_000_000)).isEqualTo(Duration.ofSeconds(30));
  }
}
