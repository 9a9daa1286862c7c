package jp.oqsgateway.gateway.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;

/**
 * SQL on a gateway's database as the database server's superuser: what someone with that password
 * could do behind the gateway's back (edit the append-only audit past its trigger, lock the
 * gateway's role out).
 */
public final class Superuser {
  private final PgEndpoint endpoint;

  private Superuser(PgEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** The superuser on the database of this (started) gateway. */
  public static Superuser on(InProcessGateway gw) {
    return new Superuser(TestDatabase.superuserOn(gw.gateway().database().endpoint().database()));
  }

  /** Runs the statements in order, each on its own. */
  public void execute(String... statements) throws SQLException {
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** The first column of each row {@code sql} returns, as numbers. */
  public List<Long> longs(String sql) throws SQLException {
    return column(sql, rs -> rs.getLong(1));
  }

  /** The first column of each row {@code sql} returns, as text. */
  public List<String> strings(String sql) throws SQLException {
    return column(sql, rs -> rs.getString(1));
  }

  /** Sets a column of one audit row, past the trigger that refuses updates. */
  public void editAuditRow(String where, String column, String value) throws SQLException {
    execute(
        "alter table audit_read disable trigger audit_read_no_update_or_delete",
        "update audit_read set " + column + " = '" + value + "' where " + where,
        "alter table audit_read enable trigger audit_read_no_update_or_delete");
  }

  private <T> List<T> column(String sql, ColumnReader<T> read) throws SQLException {
    List<T> values = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        values.add(read.read(rs));
      }
    }
    return values;
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.user(), endpoint.password());
  }

  private interface ColumnReader<T> {
    T read(ResultSet rs) throws SQLException;
  }
}
