package jp.oqsgateway.gateway.bootstrap.pg;

import java.util.Objects;

/**
 * Where and how to connect to the embedded server.
 *
 * <p>{@link #toString()} masks the password so that an endpoint can be logged or shown in an
 * assertion failure without leaking the credential.
 *
 * @param password {@code null} for an external server that authenticates without one
 */
public record PgEndpoint(String host, int port, String database, String user, String password) {

  public PgEndpoint {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** JDBC URL without credentials (for Flyway and tests); pass user and password separately. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + host + ":" + port + "/" + database;
  }

  /** The same server and credentials, another database (e.g. the gateway's own). */
  public PgEndpoint withDatabase(String otherDatabase) {
    return new PgEndpoint(host, port, otherDatabase, user, password);
  }

  @Override
  public String toString() {
    return "PgEndpoint[host="
        + host
        + ", port="
        + port
        + ", database="
        + database
        + ", user="
        + user
        + ", password=***]";
  }
}
