package jp.oqsgateway.gateway.bootstrap.pg;

import io.vertx.pgclient.SslMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how to connect to a PostgreSQL server: address, role and transport security.
 *
 * <p>{@link #toString()} masks the password so that an endpoint can be logged or shown in an
 * assertion failure without leaking the credential.
 *
 * @param password {@code null} for an external server that authenticates without one
 * @param sslMode libpq's {@code sslmode}, applied alike by the reactive pool and by JDBC
 * @param rootCert PEM file of the certificate authorities trusted for the server's certificate
 *     ({@code sslrootcert}); {@code null}: the JVM's trusted authorities
 */
public record PgEndpoint(
    String host,
    int port,
    String database,
    String user,
    String password,
    SslMode sslMode,
    Path rootCert) {

  /** pgjdbc's factory that trusts what the JVM trusts, used when no root certificate is given. */
  static final String JAVA_TRUST_FACTORY = "org.postgresql.ssl.DefaultJavaSSLFactory";

  public PgEndpoint {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(sslMode, "sslMode");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /** A plain-text endpoint (the embedded server, which listens on loopback only). */
  public PgEndpoint(String host, int port, String database, String user, String password) {
    this(host, port, database, user, password, SslMode.DISABLE, null);
  }

  /**
   * JDBC URL without credentials (for Flyway and tests); pass user and password separately. It
   * carries the same {@code sslmode} and root certificate the reactive pool uses.
   */
  public String jdbcUrl() {
    StringBuilder url =
        new StringBuilder("jdbc:postgresql://")
            .append(host)
            .append(':')
            .append(port)
            .append('/')
            .append(database)
            .append("?sslmode=")
            .append(sslMode.value);
    if (rootCert != null) {
      url.append("&sslrootcert=")
          .append(URLEncoder.encode(rootCert.toString(), StandardCharsets.UTF_8));
    } else if (verifiesServer()) {
      url.append("&sslfactory=").append(JAVA_TRUST_FACTORY);
    }
    return url.toString();
  }

  /** True for verify-ca and verify-full: the server's certificate chain is checked. */
  public boolean verifiesServer() {
    return sslMode == SslMode.VERIFY_CA || sslMode == SslMode.VERIFY_FULL;
  }

  /** True when a connection may carry queries and passwords unencrypted. */
  public boolean mayBePlainText() {
    return sslMode == SslMode.DISABLE || sslMode == SslMode.ALLOW || sslMode == SslMode.PREFER;
  }

  /** The same server and credentials, another database (e.g. the gateway's own). */
  public PgEndpoint withDatabase(String otherDatabase) {
    return new PgEndpoint(host, port, otherDatabase, user, password, sslMode, rootCert);
  }

  /** The same server and database as another role. */
  public PgEndpoint withRole(String otherUser, String otherPassword) {
    return new PgEndpoint(host, port, database, otherUser, otherPassword, sslMode, rootCert);
  }

  /** The same server, database and role over another transport. */
  public PgEndpoint withTls(SslMode mode, Path trustedRoots) {
    return new PgEndpoint(host, port, database, user, password, mode, trustedRoots);
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
        + ", password=***, sslmode="
        + sslMode.value
        + (rootCert == null ? "" : ", sslrootcert=" + rootCert)
        + "]";
  }
}
