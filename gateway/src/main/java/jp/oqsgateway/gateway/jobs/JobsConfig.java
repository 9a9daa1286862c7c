package jp.oqsgateway.gateway.jobs;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * How jobs run (docs/JOBS.md).
 *
 * @param concurrency items of one job processed at the same time at most
 * @param schedules per kind, the times of day its scheduled runs are for
 * @param zone the zone of those times (Japan's)
 * @param catchUpGrace how late a slot may still be run (at a start or after a clock change)
 * @param progressInterval time between two progress events of a running job at most
 * @param transactions items inside their processing transaction at once, across every run: half of
 *     {@code pg.pool-size} (at least one), as a kind may read through the pool while it holds the
 *     item's transaction
 */
public record JobsConfig(
    int concurrency,
    Map<String, List<LocalTime>> schedules,
    ZoneId zone,
    Duration catchUpGrace,
    Duration progressInterval,
    int transactions) {
  public JobsConfig {
    schedules = Map.copyOf(schedules);
    if (transactions < 1) {
      throw new IllegalArgumentException("transactions must be at least 1");
    }
  }
}
