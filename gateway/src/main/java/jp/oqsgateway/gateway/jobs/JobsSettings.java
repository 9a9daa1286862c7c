package jp.oqsgateway.gateway.jobs;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The keys of jobs (docs/JOBS.md). */
public final class JobsSettings {
  private JobsSettings() {}

  public static final Setting<Integer> JOBS_CONCURRENCY =
      new Setting<>(
          "jobs.concurrency",
          "32",
          "Items of one job under way at the same time at most. An item mostly waits for the"
              + " terminal's answer, and the link reads the answers of one scan together, so"
              + " lanes set a job's pace (32: 2,000 re-inquiries in 48 s where 4 took 78 s,"
              + " docs/PERFORMANCE.md); at most half of pg.pool-size of them are inside their"
              + " transaction at once.",
          Parsers.integer(1, 64));
  public static final Setting<Map<String, List<LocalTime>>> JOBS_SCHEDULES =
      new Setting<>(
          "jobs.schedules",
          "consented-import@07:30,consented-import@19:30,home-visit-reinquiry@20:00",
          "Scheduled runs, as kind@HH:mm entries separated by commas, in oqs.time-zone (e.g."
              + " home-visit-reinquiry@20:00,home-visit-reinquiry@05:00). Empty: no job runs by"
              + " itself. Each kind must be one the gateway knows. The default imports consented"
              + " patients at 19:30, so the day's first visits are in before tomorrow's home visits"
              + " are re-inquired at 20:00, and at 07:30, for consents given late the evening"
              + " before.",
          JobsSettings::schedules);
  public static final Setting<Duration> JOBS_CATCH_UP_GRACE =
      new Setting<>(
          "jobs.catch-up-grace",
          "2h",
          "How late a scheduled slot is still run: at a start, or after the clock was set"
              + " forward, the latest slot missed by less than this runs once; older ones are"
              + " skipped.",
          Parsers.between(Duration.ofMinutes(1), Duration.ofHours(24)));
  public static final Setting<Duration> JOBS_PROGRESS_INTERVAL =
      new Setting<>(
          "jobs.progress-interval",
          "2s",
          "While a job runs, a job.progress event at most this often (and at most one per 100"
              + " items), besides one at its start and one at its end.",
          Parsers.between(Duration.ofMillis(100), Duration.ofHours(1)));

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(JOBS_CONCURRENCY, JOBS_SCHEDULES, JOBS_CATCH_UP_GRACE, JOBS_PROGRESS_INTERVAL);

  /**
   * @param zone the gateway's zone for times of day ({@code oqs.time-zone})
   * @param poolSize the database pool's connections ({@code pg.pool-size}): half of them at most
   *     hold an item's processing transaction
   */
  public static JobsConfig read(ConfigSource src, ZoneId zone, int poolSize) {
    return new JobsConfig(
        src.get(JOBS_CONCURRENCY),
        src.get(JOBS_SCHEDULES),
        zone,
        src.get(JOBS_CATCH_UP_GRACE),
        src.get(JOBS_PROGRESS_INTERVAL),
        Math.max(1, poolSize / 2));
  }

  private static Map<String, List<LocalTime>> schedules(String raw) {
    Map<String, List<LocalTime>> byKind = new LinkedHashMap<>();
    for (String entry : Parsers.commaSeparated(raw)) {
      String[] parts = entry.split("@", -1);
      if (parts.length != 2 || !parts[0].matches("[a-z][a-z0-9-]{0,49}")) {
        throw new IllegalArgumentException(
            "must be kind@HH:mm entries separated by commas, got '" + entry + "'");
      }
      try {
        byKind.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(LocalTime.parse(parts[1]));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("must give times as HH:mm, got '" + entry + "'");
      }
    }
    return byKind;
  }
}
