package jp.oqsgateway.gateway.metrics;

import java.time.Duration;
import java.util.Arrays;

/**
 * Bucket bounds of the gateway's latency histograms, written in seconds as Prometheus shows them
 * ({@code le="0.25"}). Each timer names its own bounds for what it measures (an HTTP read, a file
 * round trip through the terminal's share, a webhook retried for hours), so that its quantiles
 * ({@code histogram_quantile}) are sharp where they matter and there are few series.
 */
public final class Histograms {
  private Histograms() {}

  /** The bounds, in seconds, for {@code Timer.Builder.serviceLevelObjectives}. */
  public static Duration[] seconds(double... bounds) {
    return Arrays.stream(bounds)
        .mapToObj(s -> Duration.ofNanos(Math.round(s * 1_000_000_000d)))
        .toArray(Duration[]::new);
  }
}
