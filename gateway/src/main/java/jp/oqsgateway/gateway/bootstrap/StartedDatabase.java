package jp.oqsgateway.gateway.bootstrap;

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

  /** Stops the embedded server, if any; an external server is left alone. */
  @Override
  public void close() {
    embedded.ifPresent(EmbeddedPostgres::close);
  }
}
