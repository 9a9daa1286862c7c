package jp.oqsgateway.gateway.oqs.link;

import java.time.Duration;

/**
 * How long to wait before trying again to record an exchange's end that could not be recorded (a
 * commit that failed, a request file the share would not delete): {@code first} after the first
 * failure, doubling with each further one, never more than {@code max}.
 */
record EndBackoff(Duration first, Duration max) {
  /** The link's schedule: 1 s, 2 s, 4 s … 30 s, until the end is recorded. */
  static final EndBackoff ENDS = new EndBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

  EndBackoff {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("need 0 < first <= max");
    }
  }

  /** The wait after the {@code failures}-th failed attempt (1 for the first). */
  Duration after(int failures) {
    Duration wait = first;
    for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) < 0 ? wait : max;
  }
}
