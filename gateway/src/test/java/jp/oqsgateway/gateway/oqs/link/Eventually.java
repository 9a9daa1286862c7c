package jp.oqsgateway.gateway.oqs.link;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling on a condition: the tests' only way of waiting. */
final class Eventually {
  private Eventually() {}

  static void until(String what, Duration limit, BooleanSupplier condition) {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + limit.toMillis() + " ms: " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }

  static <T> T value(String what, Duration limit, Supplier<T> probe) {
    Object[] holder = new Object[1];
    until(
        what,
        limit,
        () -> {
          holder[0] = probe.get();
          return holder[0] != null;
        });
    @SuppressWarnings("unchecked")
    T t = (T) holder[0];
    return t;
  }
}
