package jp.oqsgateway.gateway.notify;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * When to try a failed delivery again: the n-th configured delay after the n-th failed attempt (the
 * last one repeats, so it is the cap), each varied by ±20 % so receivers that came back are not hit
 * by every gateway at the same instant; no further attempt once {@code maxAttempts} were made.
 */
public final class RetrySchedule {
  static final double JITTER = 0.2;

  private final List<Duration> delays;
  private final int maxAttempts;
  private final DoubleSupplier random;

  public RetrySchedule(List<Duration> delays, int maxAttempts, DoubleSupplier random) {
    if (delays.isEmpty()) {
      throw new IllegalArgumentException("state at least one retry delay");
    }
    this.delays = List.copyOf(delays);
    this.maxAttempts = maxAttempts;
    this.random = random;
  }

  /**
   * The delay before the next attempt after {@code attemptsMade} attempts all failed, or empty when
   * the delivery should be given up.
   */
  public Optional<Duration> after(int attemptsMade) {
    if (attemptsMade >= maxAttempts) {
      return Optional.empty();
    }
    Duration base = delays.get(Math.min(Math.max(attemptsMade, 1), delays.size()) - 1);
    double factor = 1 - JITTER + 2 * JITTER * random.getAsDouble();
    return Optional.of(Duration.ofMillis(Math.round(base.toMillis() * factor)));
  }

  public int maxAttempts() {
    return maxAttempts;
  }
}
