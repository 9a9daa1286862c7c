package jp.oqsgateway.agent.reader;

/** Elapsed {@link System#nanoTime()} as whole milliseconds, for the DEBUG timing lines. */
final class Millis {
  private Millis() {}

  static long between(long startNanos, long endNanos) {
    return (endNanos - startNanos) / 1_000_000;
  }

  static long since(long startNanos) {
    return between(startNanos, System.nanoTime());
  }
}
