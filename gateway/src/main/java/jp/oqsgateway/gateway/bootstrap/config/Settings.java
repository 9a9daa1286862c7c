package jp.oqsgateway.gateway.bootstrap.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.agents.AgentsSettings;
import jp.oqsgateway.gateway.audit.AuditSettings;
import jp.oqsgateway.gateway.bootstrap.DatabaseSettings;
import jp.oqsgateway.gateway.consented.ConsentedSettings;
import jp.oqsgateway.gateway.homevisit.HomeVisitSettings;
import jp.oqsgateway.gateway.homevisit.ImportSettings;
import jp.oqsgateway.gateway.http.HttpSettings;
import jp.oqsgateway.gateway.http.auth.AuthSettings;
import jp.oqsgateway.gateway.jobs.JobsSettings;
import jp.oqsgateway.gateway.live.LiveSettings;
import jp.oqsgateway.gateway.notify.WebhookSettings;
import jp.oqsgateway.gateway.ops.DemoSettings;
import jp.oqsgateway.gateway.oqs.link.LinkSettings;
import jp.oqsgateway.gateway.qualification.QualificationSettings;
import jp.oqsgateway.gateway.reception.ReceptionSettings;
import jp.oqsgateway.gateway.tls.TlsSettings;
import jp.oqsgateway.settings.Catalog;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/**
 * The gateway's process-wide keys, and the catalog of every key of the gateway. Each key is
 * declared once, beside the code that owns it ({@code HttpSettings}, {@code AuthSettings}, {@code
 * LinkSettings}, …); {@code docs/CONFIGURATION.md} is checked against {@link #CATALOG} by a test,
 * and {@code ./ops/oqsgw config} prints it with the values in force.
 */
public final class Settings {
  private Settings() {}

  public static final Setting<Integer> WORKER_FILES_POOL_SIZE =
      new Setting<>(
          "workers.files.pool-size",
          "4",
          "Threads of the bounded worker pool for file-system work.",
          Parsers.integer(1, 64));

  // Bounded worker queues: new work beyond the bound is refused (503 with Retry-After).
  public static final Setting<Integer> WORKERS_FILES_MAX_QUEUED =
      new Setting<>(
          "workers.files.max-queued",
          "100",
          "Most new file-system tasks (the first file step of a request for OQS) waiting for a"
              + " thread of the file pool; beyond it a new request is refused and the API answers 503"
              + " with Retry-After until the queue drains. Work already accepted (result and face"
              + " files, deadlines) always runs.",
          Parsers.integer(1, 100_000));
  public static final Setting<Integer> WORKERS_WEBHOOK_DNS_MAX_QUEUED =
      new Setting<>(
          "workers.webhook-dns.max-queued",
          "50",
          "Most webhook host look-ups waiting for a thread of the 2-thread DNS pool; beyond it a"
              + " look-up fails at once (the delivery is retried later; a new subscription is"
              + " accepted unresolved).",
          Parsers.integer(1, 100_000));
  public static final Setting<Duration> HEALTH_CHECK_TIMEOUT =
      new Setting<>(
          "health.check-timeout",
          "2s",
          "Time each readiness check may take before it counts as down.",
          Parsers.duration());
  public static final Setting<Duration> SHUTDOWN_DRAIN_TIMEOUT =
      new Setting<>(
          "shutdown.drain-timeout",
          "10s",
          "On shutdown, how long in-flight requests may run before connections are closed.",
          Parsers.duration());
  public static final Setting<String> LOG_LEVEL =
      new Setting<>(
          "log.level",
          "INFO",
          "Level of the gateway's own loggers.",
          Parsers.oneOf("TRACE", "DEBUG", "INFO", "WARN", "ERROR"));

  /** All keys, in documentation order. */
  public static final List<Setting<?>> ALL =
      Stream.of(
              HttpSettings.ALL,
              QualificationSettings.ALL,
              ImportSettings.ALL,
              DatabaseSettings.ALL,
              LinkSettings.ALL,
              List.<Setting<?>>of(
                  WORKER_FILES_POOL_SIZE,
                  WORKERS_FILES_MAX_QUEUED,
                  WORKERS_WEBHOOK_DNS_MAX_QUEUED,
                  HEALTH_CHECK_TIMEOUT,
                  SHUTDOWN_DRAIN_TIMEOUT,
                  LOG_LEVEL),
              AuthSettings.ALL,
              WebhookSettings.ALL,
              AgentsSettings.ALL,
              HomeVisitSettings.ALL,
              ConsentedSettings.ALL,
              TlsSettings.ALL,
              DemoSettings.ALL,
              ReceptionSettings.ALL,
              LiveSettings.ALL,
              JobsSettings.ALL,
              AuditSettings.ALL)
          .flatMap(List::stream)
          .toList();

  /** {@code OQSGW_*} environment variables; errors read {@code key: rule (from origin)}. */
  public static final Catalog CATALOG =
      new Catalog("OQSGW_", "docs/CONFIGURATION.md", Catalog.ErrorFormat.KEY_RULE_ORIGIN, ALL);

  /**
   * Defaults, then the YAML file, then {@code OQSGW_*} environment variables, then overrides.
   *
   * @param file the YAML file, or null for none
   */
  public static ConfigSource load(
      Path file, Map<String, String> env, Map<String, String> overrides) {
    return CATALOG.load(file, env, overrides);
  }
}
