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
    PgEndpoint maintenance = superuser.withDatabase("postgres");
    try (Connection c = connect(maintenance);
        Statement s = c.createStatement()) {
      ensureRole(c, OWNER, ownerPassword);
      ensureRole(c, APP, appPassword);
      String db = quoteIdent(database);
      if (exists(c, "select 1 from pg_database where datname = ?", database)) {
        s.execute("alter database " + db + " owner to " + OWNER);
      } else {
        s.execute("create database " + db + " owner " + OWNER);
      }
      s.execute("revoke all on database " + db + " from public");
      s.execute("grant connect on database " + db + " to " + APP);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create the database roles on the embedded server: " + e.getMessage(), e);
    }
    try (Connection c = connect(superuser.withDatabase(database));
        Statement s = c.createStatement()) {
      s.execute(HAND_OVER_TO_OWNER);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot hand database " + database + " to " + OWNER + ": " + e.getMessage(), e);
    }
    PgEndpoint target = superuser.withDatabase(database);
    return new Split(target.withRole(OWNER, ownerPassword), target.withRole(APP, appPassword));
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
