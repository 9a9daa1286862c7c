package jp.oqsgateway.gateway.concurrent;

import java.time.Duration;

/**
 * How long to wait before trying again what failed for a while (a commit the database refused, a
 * request file the share would not delete): {@code first} after the first failure, doubling with
 * each further one, never more than {@code max}.
 */
public record Backoff(Duration first, Duration max) {
  /**
   * 1 s, 2 s, 4 s … 30 s: recording an exchange's end until it is recorded, following a check's
   * exchange until it can be followed.
   */
  public static final Backoff UNTIL_DONE =
      new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  public Backoff {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("need 0 < first <= max");
    }
  }

  /** The wait after the {@code failures}-th failed attempt (1 for the first). */
  public Duration after(int failures) {
    Duration wait = first;
    for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) < 0 ? wait : max;
  }
}
