package jp.oqsgateway.gateway.bootstrap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import jp.oqsgateway.gateway.bootstrap.pg.EmbeddedPostgres;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;

/**
 * The two roles of a database the gateway's own server holds (the embedded one, or the test
 * server): {@value #OWNER} owns the schema and runs the migrations; {@value #APP} is what the
 * gateway serves with: it reads and writes rows, owns nothing, and may only insert into and read
 * the audit tables (V18 grants it that). For an external server the operator creates the same split
 * by hand (docs/OPERATIONS.md).
 */
public final class DatabaseRoles {
  public static final String OWNER = "oqsgw_owner";
  public static final String APP = "oqsgw_app";

  /** SQLSTATE 3D000: the database named in the connection does not exist. */
  private static final String INVALID_CATALOG_NAME = "3D000";

  /** No attribute that lets a role step around table privileges or make itself another role. */
  private static final String PLAIN_LOGIN =
      "login nosuperuser nocreatedb nocreaterole noreplication nobypassrls";

  private DatabaseRoles() {}

  /** Where the migrations connect, and where the pool connects. */
  public record Split(PgEndpoint owner, PgEndpoint app) {}

  /**
   * Creates both roles (or resets their attributes and passwords to these), and the database owned
   * by {@value #OWNER}; objects an earlier single-role install left to the superuser are handed to
   * {@value #OWNER}. Blocking (JDBC): call before Vert.x starts.
   *
   * @param superuser a superuser endpoint of the server (any database)
   */
  public static Split provision(
      PgEndpoint superuser, String database, String ownerPassword, String appPassword) {
    try (Connection c = provisioned(superuser, database, ownerPassword, appPassword)) {
      return split(superuser, database, ownerPassword, appPassword);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot close a superuser connection: " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #provision(PgEndpoint, String, String, String)}, returning the superuser's connection
   * to the database for the rest of the start's checks (the caller closes it): one connection where
   * a warm start used to open four, each with its own SCRAM exchange. A database that does not
   * exist yet is created from the {@code postgres} database first.
   */
  static Connection provisioned(
      PgEndpoint superuser, String database, String ownerPassword, String appPassword) {
    Connection c = connectCreatingIfMissing(superuser, database, ownerPassword, appPassword);
    String db = quoteIdent(database);
    try (Statement s = c.createStatement()) {
      ensureRole(c, OWNER, ownerPassword);
      ensureRole(c, APP, appPassword);
      s.execute("alter database " + db + " owner to " + OWNER);
      s.execute("revoke all on database " + db + " from public");
      s.execute("grant connect on database " + db + " to " + APP);
      s.execute(HAND_OVER_TO_OWNER);
      return c;
    } catch (SQLException e) {
      closeQuietly(c);
      throw new IllegalStateException(
          "cannot set up the database roles and hand database "
              + database
              + " to "
              + OWNER
              + " on the embedded server: "
              + e.getMessage(),
          e);
    }
  }

  /** Where the migrations connect, and where the pool connects. */
  static Split split(
      PgEndpoint superuser, String database, String ownerPassword, String appPassword) {
    PgEndpoint target = superuser.withDatabase(database);
    return new Split(target.withRole(OWNER, ownerPassword), target.withRole(APP, appPassword));
  }

  private static Connection connectCreatingIfMissing(
      PgEndpoint superuser, String database, String ownerPassword, String appPassword) {
    try {
      return connect(superuser.withDatabase(database));
    } catch (SQLException e) {
      if (!INVALID_CATALOG_NAME.equals(e.getSQLState())) {
        throw new IllegalStateException(
            "cannot connect to database " + database + " as its superuser: " + e.getMessage(), e);
      }
    }
    try (Connection c = connect(superuser.withDatabase("postgres"));
        Statement s = c.createStatement()) {
      ensureRole(c, OWNER, ownerPassword);
      ensureRole(c, APP, appPassword);
      s.execute("create database " + quoteIdent(database) + " owner " + OWNER);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create database " + database + " on the embedded server: " + e.getMessage(), e);
    }
    try {
      return connect(superuser.withDatabase(database));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot connect to database " + database + " as its superuser: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // the start fails with the first error
    }
  }

  /**
   * As {@link #provision(PgEndpoint, String, String, String)}, with the passwords {@code server}
   * keeps.
   */
  static Split provision(EmbeddedPostgres server, String database) {
    return provision(server.endpoint(), database, server.secret(OWNER), server.secret(APP));
  }

  /** Tables (their identity sequences follow), other sequences and functions of the schema. */
  private static final String HAND_OVER_TO_OWNER =
      """
      do $$
      declare
        r record;
      begin
        for r in select c.oid::regclass as obj from pg_class c
                 where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm')
                   and c.relowner <> '%1$s'::regrole loop
          execute format('alter table %%s owner to %1$s', r.obj);
        end loop;
        for r in select c.oid::regclass as obj from pg_class c
                 where c.relnamespace = 'public'::regnamespace and c.relkind = 'S'
                   and c.relowner <> '%1$s'::regrole loop
          execute format('alter sequence %%s owner to %1$s', r.obj);
        end loop;
        for r in select p.oid::regprocedure as fn from pg_proc p
                 where p.pronamespace = 'public'::regnamespace
                   and p.proowner <> '%1$s'::regrole loop
          execute format('alter function %%s owner to %1$s', r.fn);
        end loop;
      end $$
      """
          .formatted(OWNER);

  private static void ensureRole(Connection c, String role, String password) throws SQLException {
    String verb = exists(c, "select 1 from pg_roles where rolname = ?", role) ? "alter" : "create";
    try (Statement s = c.createStatement()) {
      s.execute(
          verb + " role " + role + " with " + PLAIN_LOGIN + " password " + quoteLiteral(password));
    }
  }

  private static boolean exists(Connection c, String sql, String name) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, name);
      try (ResultSet rs = p.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static Connection connect(PgEndpoint e) throws SQLException {
    return DriverManager.getConnection(e.jdbcUrl(), e.user(), e.password());
  }

  static String quoteIdent(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String quoteLiteral(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
