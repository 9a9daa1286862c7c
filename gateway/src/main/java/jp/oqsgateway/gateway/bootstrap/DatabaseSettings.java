package jp.oqsgateway.gateway.bootstrap;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import jp.oqsgateway.settings.ConfigSource;
import jp.oqsgateway.settings.Parsers;
import jp.oqsgateway.settings.Setting;

/** The keys of the database: an external PostgreSQL or the embedded one (docs/OPERATIONS.md). */
public final class DatabaseSettings {
  private DatabaseSettings() {}

  public static final Setting<String> PG_URL =
      new Setting<>(
          "pg.url",
          "",
          "External PostgreSQL, postgresql://user:password@host:port/database?sslmode=verify-full"
              + "&sslrootcert=/path/ca.pem, as the application role the gateway serves with."
              + " sslmode defaults to verify-full for any host but loopback. Empty: the gateway"
              + " starts and owns an embedded PostgreSQL server.",
          postgresUrl());
  public static final Setting<Integer> PG_POOL_SIZE =
      new Setting<>(
          "pg.pool-size", "16", "Connections of the reactive pool.", Parsers.integer(1, 200));
  public static final Setting<Integer> PG_POINT_READ_CONNECTIONS =
      new Setting<>(
          "pg.point-read-connections",
          "2",
          "Connections of their own for the reads one index answers on the API's hot paths (a"
              + " patient's latest qualification, a check by id, a token's revocation), many in"
              + " flight on each (pipelined). 0: each takes a connection of the pool, as every"
              + " other statement does.",
          Parsers.integer(0, 16));
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
  public static final Setting<String> PG_MIGRATION_URL =
      new Setting<>(
          "pg.migration-url",
          "",
          "External PostgreSQL as the role that owns the schema and runs the migrations at start;"
              + " pg.url is then the application role the gateway serves with. Empty: pg.url does"
              + " both, and a warning at each start says its role owns the tables.",
          postgresUrl());
  public static final Setting<Boolean> PG_ALLOW_SUPERUSER =
      new Setting<>(
          "pg.allow-superuser",
          "false",
          "Start even when the role of pg.url is a PostgreSQL superuser (which can rewrite or"
              + " switch off the audit trail); logs a warning at each start.",
          Parsers.bool());
  public static final Setting<Boolean> PG_ALLOW_PLAINTEXT =
      new Setting<>(
          "pg.allow-plaintext",
          "false",
          "Allow sslmode=disable, allow or prefer in pg.url or pg.migration-url for a host other"
              + " than loopback; logs a warning at each start. Without it such a URL is refused.",
          Parsers.bool());

  /** The keys above, in documentation order. */
  public static final List<Setting<?>> ALL =
      List.of(
          PG_URL,
          PG_POOL_SIZE,
          PG_POINT_READ_CONNECTIONS,
          PG_DATABASE,
          PG_EMBEDDED_DIR,
          PG_EMBEDDED_OS_USER,
          PG_EMBEDDED_PORT,
          PG_EMBEDDED_DURABLE,
          PG_EMBEDDED_START_TIMEOUT,
          PG_MIGRATION_URL,
          PG_ALLOW_SUPERUSER,
          PG_ALLOW_PLAINTEXT);

  /** A libpq-style URL, {@code postgresql://user:password@host:port/database}; empty = embedded. */
  private static Function<String, String> postgresUrl() {
    return raw -> {
      String s = raw.trim();
      if (!s.isEmpty() && !s.startsWith("postgresql://") && !s.startsWith("postgres://")) {
        throw new IllegalArgumentException(
            "must start with postgresql:// (e.g. postgresql://user:password@host:5432/oqsgw)");
      }
      return s;
    };
  }

  /**
   * @param home relative paths resolve against it
   * @param env the process environment: {@code XDG_DATA_HOME} places the embedded server's data
   */
  public static DatabaseConfig read(ConfigSource src, Path home, Map<String, String> env) {
    String url = src.get(PG_URL);
    String configuredDir = src.get(PG_EMBEDDED_DIR);
    String xdg = env.get("XDG_DATA_HOME");
    Path pgDir;
    if (!configuredDir.isEmpty()) {
      pgDir = home.resolve(configuredDir).normalize();
    } else if (xdg != null && !xdg.isBlank()) {
      pgDir = Path.of(xdg).resolve("oqs-gateway/pg").toAbsolutePath();
    } else {
      pgDir = home.resolve("var/pg");
    }
    return new DatabaseConfig(
        url.isEmpty() ? Optional.empty() : Optional.of(url),
        src.get(PG_POOL_SIZE),
        src.get(PG_POINT_READ_CONNECTIONS),
        src.get(PG_DATABASE),
        new EmbeddedDatabaseConfig(
            pgDir,
            configuredDir.isEmpty(),
            src.get(PG_EMBEDDED_OS_USER),
            src.get(PG_EMBEDDED_PORT),
            src.get(PG_EMBEDDED_DURABLE),
            src.get(PG_EMBEDDED_START_TIMEOUT)),
        Optional.of(src.get(PG_MIGRATION_URL)).filter(u -> !u.isEmpty()),
        src.get(PG_ALLOW_SUPERUSER),
        src.get(PG_ALLOW_PLAINTEXT));
  }
}
