package jp.oqsgateway.gateway.testsupport;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The tests' one way of waiting for a condition: Awaitility, looking at once and every 20 ms (some
 * states last only a few hundred milliseconds), and leaving other threads' uncaught exceptions to
 * those threads (a link or Vert.x stopped by the test may still report from its own threads). Call
 * {@code atMost(...)} and {@code until(...)} on what it returns.
 */
public final class Eventually {
  private Eventually() {}

  /** A wait named {@code what}, for the failure message. */
  public static ConditionFactory await(String what) {
    return configured(Awaitility.await(what));
  }

  public static ConditionFactory await() {
    return configured(Awaitility.await());
  }

  private static ConditionFactory configured(ConditionFactory wait) {
    return wait.pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(20))
        .dontCatchUncaughtExceptions();
  }
}
