package jp.oqsgateway.gateway.bootstrap;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks, at start, what the role the gateway serves with could do beyond its work: a superuser, a
 * role that owns (or may become the owner of) the tables, or one that may update or delete audit
 * rows could rewrite the trail of who read which patient's data, or switch off its triggers.
 * Blocking (JDBC): call before Vert.x starts.
 */
public final class DatabasePrivileges {
  private static final Logger LOG = LoggerFactory.getLogger(DatabasePrivileges.class);
  private static final String OPERATIONS = "docs/OPERATIONS.md#database-roles";

  private static final String ATTRIBUTES =
      "select rolsuper, rolbypassrls, rolcreaterole from pg_roles where rolname = current_user";

  /** Tables of the gateway's schema this role owns, or may act as the owner of. */
  private static final String OWNED =
      "select coalesce(string_agg(c.relname, ', ' order by c.relname), '') from pg_class c"
          + " where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')"
          + " and pg_has_role(current_user, c.relowner, 'MEMBER')";

  /** Audit tables are append-only for the gateway: INSERT and SELECT, nothing else. */
  private static final String AUDIT_WRITABLE =
      "select coalesce(string_agg(c.relname, ', ' order by c.relname), '') from pg_class c"
          + " where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')"
          + " and c.relname like 'audit%' and (has_table_privilege(c.oid, 'UPDATE')"
          + " or has_table_privilege(c.oid, 'DELETE') or has_table_privilege(c.oid, 'TRUNCATE'))";

  private DatabasePrivileges() {}

  /**
   * Refuses (with one line naming the setting) an application role that is a superuser unless
   * {@code allowSuperuser}; with a separate owner role ({@code split}), also one that has BYPASSRLS
   * or CREATEROLE, owns a table, or may change audit rows. Without the split the role necessarily
   * owns the tables: that is warned about, not refused.
   *
   * @throws IllegalStateException naming what is wrong and the setting or document that fixes it
   */
  public static void verify(PgEndpoint app, boolean split, boolean allowSuperuser) {
    try (Connection c = DriverManager.getConnection(app.jdbcUrl(), app.user(), app.password())) {
      check(c, app.user(), split, allowSuperuser);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot check the privileges of pg.url role " + app.user() + ": " + e.getMessage(), e);
    }
  }

  /**
   * As {@link #verify} for the application role of a split the gateway's own server holds, on a
   * superuser's connection that takes the role for the checks ({@code SET ROLE}: every check asks
   * about {@code current_user}), then gives it back.
   */
  static void verifyAsRole(Connection superuser, String app) {
    try (Statement s = superuser.createStatement()) {
      s.execute("set role " + DatabaseRoles.quoteIdent(app));
      try {
        check(superuser, app, true, false);
      } finally {
        s.execute("reset role");
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot check the privileges of role " + app + ": " + e.getMessage(), e);
    }
  }

  private static void check(Connection c, String user, boolean split, boolean allowSuperuser)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      boolean superuser;
      List<String> problems = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(ATTRIBUTES)) {
        rs.next();
        superuser = rs.getBoolean(1);
        if (rs.getBoolean(2)) {
          problems.add("has BYPASSRLS");
        }
        if (rs.getBoolean(3)) {
          problems.add("has CREATEROLE (it could make itself a member of the owner role)");
        }
      }
      if (superuser) {
        if (!allowSuperuser) {
          throw new IllegalStateException(
              "pg.url connects as "
                  + user
                  + ", a PostgreSQL superuser, which could rewrite or switch off the audit trail;"
                  + " connect as the application role ("
                  + OPERATIONS
                  + ") or set pg.allow-superuser: true");
        }
        LOG.atWarn()
            .addKeyValue("role", user)
            .log(
                "pg.allow-superuser is true: the gateway serves as a PostgreSQL superuser, which"
                    + " could rewrite or switch off the audit trail");
        return;
      }
      String owned = single(s, OWNED);
      String auditWritable = single(s, AUDIT_WRITABLE);
      if (!split) {
        LOG.atWarn()
            .addKeyValue("role", user)
            .log(
                "pg.migration-url is not set: the role of pg.url owns the tables it serves from, so"
                    + " it could alter them or switch off the audit trail's triggers; see "
                    + OPERATIONS);
        return;
      }
      if (!owned.isEmpty()) {
        problems.add("owns or may become the owner of tables (" + owned + ")");
      }
      if (!auditWritable.isEmpty()) {
        problems.add("may UPDATE, DELETE or TRUNCATE " + auditWritable);
      }
      if (!problems.isEmpty()) {
        throw new IllegalStateException(
            "pg.url role "
                + user
                + " "
                + String.join("; ", problems)
                + "; the application role must own nothing and may only INSERT and SELECT audit"
                + " tables ("
                + OPERATIONS
                + ")");
      }
    }
  }

  private static String single(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
