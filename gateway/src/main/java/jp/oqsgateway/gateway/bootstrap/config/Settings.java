package jp.oqsgateway.gateway.bootstrap.config;

import java.time.Duration;
import java.util.List;

/**
 * Every configuration key of the gateway, with its default. This is the one place they are
 * declared; {@code docs/CONFIGURATION.md} is checked against it by a test, and {@code ./ops/oqsgw
 * config} prints it with the values in force.
 */
public final class Settings {
  private Settings() {}

  public static final Setting<String> API_HOST =
      new Setting<>(
          "api.host",
          "127.0.0.1",
          "Address of the API server (chart systems, reception screens). 0.0.0.0 serves the LAN.",
          Parsers.text());
  public static final Setting<Integer> API_PORT =
      new Setting<>(
          "api.port", "8080", "Port of the API server; 0 picks a free one.", Parsers.port());
  public static final Setting<String> MANAGEMENT_HOST =
      new Setting<>(
          "management.host",
          "127.0.0.1",
          "Address of the management server (health, metrics).",
          Parsers.text());
  public static final Setting<Integer> MANAGEMENT_PORT =
      new Setting<>(
          "management.port",
          "8081",
          "Port of the management server; 0 picks a free one.",
          Parsers.port());
  public static final Setting<Integer> HTTP_MAX_BODY_KB =
      new Setting<>(
          "http.max-body-kb",
          "1024",
          "Largest request body the API accepts, in KiB; larger bodies get 413.",
          Parsers.integer(1, 64 * 1024));

  public static final Setting<String> PG_URL =
      new Setting<>(
          "pg.url",
          "",
          "External PostgreSQL, postgresql://user:password@host:port/database. Empty: the gateway"
              + " starts and owns an embedded PostgreSQL server.",
          Parsers.postgresUrl());
  public static final Setting<Integer> PG_POOL_SIZE =
      new Setting<>(
          "pg.pool-size", "16", "Connections of the reactive pool.", Parsers.integer(1, 200));
  public static final Setting<String> PG_DATABASE =
      new Setting<>(
          "pg.database",
          "oqsgw",
          "Database of the embedded server (created if missing).",
          Parsers.text());
  public static final Setting<String> PG_EMBEDDED_DIR =
      new Setting<>(
          "pg.embedded.dir",
          "",
          "Data root of the embedded server. Empty: $XDG_DATA_HOME/oqs-gateway/pg if set, else"
              + " var/pg under the gateway home; as root, /var/lib/oqs-gateway/pg when that default"
              + " is not reachable by pg.embedded.os-user.",
          Parsers.text());
  public static final Setting<String> PG_EMBEDDED_OS_USER =
      new Setting<>(
          "pg.embedded.os-user",
          "oqsgw-pg",
          "System user the embedded PostgreSQL runs as when the gateway runs as root (created if"
              + " missing). Ignored otherwise.",
          Parsers.text());
  public static final Setting<Integer> PG_EMBEDDED_PORT =
      new Setting<>(
          "pg.embedded.port",
          "0",
          "TCP port of the embedded server on 127.0.0.1; 0 picks a free one at each start.",
          Parsers.port());
  public static final Setting<Boolean> PG_EMBEDDED_DURABLE =
      new Setting<>(
          "pg.embedded.durable",
          "true",
          "fsync and full-page writes on. Only tests turn this off.",
          Parsers.bool());
  public static final Setting<Duration> PG_EMBEDDED_START_TIMEOUT =
      new Setting<>(
          "pg.embedded.start-timeout",
          "60s",
          "How long the embedded server may take to start.",
          Parsers.duration());

  public static final Setting<String> OQS_ROOT =
      new Setting<>(
          "oqs.root",
          "var/oqs",
          "Folder shared with the 資格確認端末 holding req/, res/ and face/ (relative to the gateway"
              + " home).",
          Parsers.text());
  public static final Setting<Boolean> OQS_CREATE_FOLDERS =
      new Setting<>(
          "oqs.create-folders",
          "false",
          "Create req/, res/ and face/ under oqs.root when missing. Off in production: a missing"
              + " folder usually means the terminal's share is not mounted, and writing into a local"
              + " stand-in would lose requests. The demo and the simulator turn it on.",
          Parsers.bool());
  public static final Setting<Integer> OQS_MIN_FREE_MB =
      new Setting<>(
          "oqs.min-free-mb",
          "200",
          "Free disk space below which the exchange folders are reported down, in MiB.",
          Parsers.integer(1, 1024 * 1024));

  public static final Setting<Integer> WORKER_FILES_POOL_SIZE =
      new Setting<>(
          "workers.files.pool-size",
          "4",
          "Threads of the bounded worker pool for file-system work.",
          Parsers.integer(1, 64));
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
      List.of(
          API_HOST,
          API_PORT,
          MANAGEMENT_HOST,
          MANAGEMENT_PORT,
          HTTP_MAX_BODY_KB,
          PG_URL,
          PG_POOL_SIZE,
          PG_DATABASE,
          PG_EMBEDDED_DIR,
          PG_EMBEDDED_OS_USER,
          PG_EMBEDDED_PORT,
          PG_EMBEDDED_DURABLE,
          PG_EMBEDDED_START_TIMEOUT,
          OQS_ROOT,
          OQS_CREATE_FOLDERS,
          OQS_MIN_FREE_MB,
          WORKER_FILES_POOL_SIZE,
          HEALTH_CHECK_TIMEOUT,
          SHUTDOWN_DRAIN_TIMEOUT,
          LOG_LEVEL);
}
