package jp.oqsgateway.gateway.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {
  private static final List<Duration> DELAYS =
      List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2));

  @Test
  void eachFailedAttemptWaitsTheNextDelayAndTheLastDelayIsTheCap() {
    RetrySchedule noJitter = new RetrySchedule(DELAYS, 10, () -> 0.5);
    assertThat(noJitter.after(1)).contains(Duration.ofSeconds(5));
    assertThat(noJitter.after(2)).contains(Duration.ofSeconds(30));
    assertThat(noJitter.after(3)).contains(Duration.ofMinutes(2));
    assertThat(noJitter.after(9)).contains(Duration.ofMinutes(2));
  }

  @Test
  void jitterVariesADelayByAtMostTwentyPercent() {
    assertThat(new RetrySchedule(DELAYS, 10, () -> 0.0).after(1)).contains(Duration.ofSeconds(4));
    assertThat(new RetrySchedule(DELAYS, 10, () -> 1.0).after(1)).contains(Duration.ofSeconds(6));
  }

  @Test
  void afterTheLastAllowedAttemptTheDeliveryIsGivenUp() {
    RetrySchedule schedule = new RetrySchedule(DELAYS, 3, () -> 0.5);
    assertThat(schedule.after(2)).isPresent();
    assertThat(schedule.after(3)).isEmpty();
  }
}
