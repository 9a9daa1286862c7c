package jp.oqsgateway.gateway.concurrent;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * "Answer within N seconds, or say where it stands": the caller gets the outcome of {@code work} if
 * it ends within {@code wait}, otherwise whatever {@code asItIsNow} says (typically the row still
 * waiting, answered as 202). The work itself goes on either way; only the wait is bounded. Failures
 * of the work within the wait pass through unchanged.
 */
public final class BoundedWait {
  private BoundedWait() {}

  public static <T> Future<T> within(Future<T> work, Duration wait, Supplier<Future<T>> asItIsNow) {
    if (wait.isZero() || wait.isNegative()) {
      return work.isComplete() ? work : asItIsNow.get();
    }
    return work.timeout(wait.toMillis(), TimeUnit.MILLISECONDS)
        .recover(e -> e instanceof TimeoutException ? asItIsNow.get() : Future.failedFuture(e));
  }
}
