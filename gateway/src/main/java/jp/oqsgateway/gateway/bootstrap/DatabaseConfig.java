package jp.oqsgateway.gateway.bootstrap;

import java.util.Optional;

/**
 * The database the gateway serves from.
 *
 * @param externalUrl a libpq-style URL of a server the gateway does not own, if configured: the
 *     application role the pool connects as
 * @param migrationUrl the same server as the role that owns the schema and runs the migrations;
 *     empty: {@code externalUrl} does both
 * @param pointReadConnections connections on which the hot paths' index reads are pipelined; 0:
 *     none, they use the pool
 * @param allowSuperuser start even when the application role is a superuser (warned each start)
 * @param allowPlaintext allow a URL whose sslmode may send plain text to a non-loopback host
 */
public record DatabaseConfig(
    Optional<String> externalUrl,
    int poolSize,
    int pointReadConnections,
    String database,
    EmbeddedDatabaseConfig embedded,
    Optional<String> migrationUrl,
    boolean allowSuperuser,
    boolean allowPlaintext) {}
