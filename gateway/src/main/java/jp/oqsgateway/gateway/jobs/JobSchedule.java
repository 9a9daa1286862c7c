package jp.oqsgateway.gateway.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts scheduled runs (docs/JOBS.md, "Schedules"). At each tick, for each scheduled kind, the
 * latest slot (a configured time of day in the gateway's zone, on today's or yesterday's date) that
 * is not in the future is run if it is less than the grace late and has no job yet. A slot is one
 * row ({@code job}, unique kind and slot), so a slot runs once across restarts, two gateways and a
 * clock set back; a start or a clock set forward catches up the latest missed slot within the
 * grace, and older missed slots are skipped.
 */
public final class JobSchedule {
  private static final Logger LOG = LoggerFactory.getLogger(JobSchedule.class);

  /** How often the schedule looks at the clock. */
  public static final Duration TICK = Duration.ofSeconds(20);

  private final Jobs jobs;
  private final Map<String, List<LocalTime>> times;
  private final ZoneId zone;
  private final Duration grace;
  private final Clock clock;
  private final AtomicBoolean ticking = new AtomicBoolean();

  public JobSchedule(Jobs jobs, JobsConfig config, Clock clock) {
    this.jobs = jobs;
    this.times = config.schedules();
    this.zone = config.zone();
    this.grace = config.catchUpGrace();
    this.clock = clock;
  }

  /** Ticks now and every {@link #TICK}; answers the timer's id. */
  public long start(Vertx vertx) {
    tick();
    return vertx.setPeriodic(TICK.toMillis(), id -> tick());
  }

  /** Starts the job of each kind's slot that is due; answers when each was planned or skipped. */
  public Future<Void> tick() {
    if (times.isEmpty() || !ticking.compareAndSet(false, true)) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    List<Future<Void>> started = new ArrayList<>();
    times.forEach(
        (kind, at) ->
            latestSlot(at, zone, now)
                .filter(slot -> !now.isAfter(slot.plus(grace)))
                .ifPresent(
                    slot ->
                        started.add(
                            jobs.startScheduled(kind, slot)
                                .onFailure(
                                    e ->
                                        LOG.atWarn()
                                            .addKeyValue("kind", kind)
                                            .addKeyValue("slot", slot)
                                            .addKeyValue("reason", JobRunner.detailOf(e))
                                            .log(
                                                "scheduled job not started; the next tick tries"
                                                    + " again within the grace")))));
    return Future.join(started).<Void>mapEmpty().onComplete(ar -> ticking.set(false));
  }

  /** The latest of the times of day, on today's or yesterday's date in the zone, not after now. */
  static Optional<Instant> latestSlot(List<LocalTime> times, ZoneId zone, Instant now) {
    LocalDate today = LocalDate.ofInstant(now, zone);
    Optional<Instant> latest = Optional.empty();
    for (LocalDate day : List.of(today, today.minusDays(1))) {
      for (LocalTime time : times) {
        Instant slot = day.atTime(time).atZone(zone).toInstant();
        if (!slot.isAfter(now) && latest.map(slot::isAfter).orElse(true)) {
          latest = Optional.of(slot);
        }
      }
    }
    return latest;
  }
}
