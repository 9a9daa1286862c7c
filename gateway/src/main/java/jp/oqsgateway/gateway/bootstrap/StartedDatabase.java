package jp.oqsgateway.gateway.bootstrap;

import io.vertx.pgclient.PgConnectOptions;
import java.util.Optional;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPostgres;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;

/**
 * The database the gateway uses, migrated and ready, and the embedded server behind it when the
 * gateway owns one.
 *
 * @param endpoint the application role the pool connects as (never the owner or a superuser, unless
 *     {@code pg.allow-superuser} or a single {@code pg.url} says so)
 */
public record StartedDatabase(
    PgEndpoint endpoint, Optional<EmbeddedPostgres> embedded, String schemaVersion)
    implements AutoCloseable {

  /**
   * How the reactive pool and the relay's LISTEN connect: to the embedded server through its
   * Unix-domain socket, private to its account (no TCP through the loopback stack, where PostgreSQL
   * spent more than a tenth of its CPU in the nightly re-inquiry's profile); to an external server
   * as its URL says. JDBC (migrations, backups, the audit chain's check) keeps the TCP endpoint.
   */
  public PgConnectOptions connectOptions() {
    return connectOptions(endpoint, embedded);
  }

  static PgConnectOptions connectOptions(PgEndpoint endpoint, Optional<EmbeddedPostgres> embedded) {
    PgConnectOptions options = PgConnections.options(endpoint);
    return embedded.map(e -> options.setHost(e.socketDirectory().toString())).orElse(options);
  }

  /** Stops the embedded server, if any; an external server is left alone. */
  @Override
  public void close() {
    embedded.ifPresent(EmbeddedPostgres::close);
  }
}
