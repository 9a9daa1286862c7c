package jp.oqsgateway.gateway.backup;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The gateway's data, dumped and loaded over JDBC as the role that owns the schema. The schema
 * itself is the migrations: a dump records the schema version and every table's rows (PostgreSQL's
 * own COPY text format) and sequence positions; a restore migrates an empty database to that same
 * version and loads the rows into it.
 *
 * <p>Why not {@code pg_dump}: the embedded server's distribution carries only initdb, pg_ctl and
 * postgres, and {@code pg_dump} refuses a server of a newer major version than its own (Debian 12
 * ships 15, the embedded server is 17). Like {@code pg_dump}, the dump reads every table in one
 * REPEATABLE READ, READ ONLY transaction, so it is one consistent snapshot taken while the gateway
 * keeps serving, and holds ACCESS SHARE locks so that no table changes shape meanwhile.
 */
public final class DatabaseDump {
  private static final String HISTORY = "flyway_schema_history";

  private DatabaseDump() {}

  /** What a dump holds, written before the rows so that a restore can read it first. */
  public record Plan(String schemaVersion, List<Table> tables, Map<String, Long> sequences) {
    JsonObject toJson() {
      JsonArray t = new JsonArray();
      tables.forEach(x -> t.add(new JsonObject().put("name", x.name).put("columns", x.columns)));
      JsonObject seq = new JsonObject();
      sequences.forEach(seq::put);
      return new JsonObject()
          .put("schemaVersion", schemaVersion)
          .put("tables", t)
          .put("sequences", seq);
    }

    static Plan fromJson(JsonObject json) {
      List<Table> tables = new ArrayList<>();
      for (Object o : json.getJsonArray("tables")) {
        JsonObject t = (JsonObject) o;
        List<String> columns = new ArrayList<>();
        t.getJsonArray("columns").forEach(c -> columns.add((String) c));
        tables.add(new Table(t.getString("name"), columns));
      }
      Map<String, Long> sequences = new LinkedHashMap<>();
      json.getJsonObject("sequences")
          .forEach(e -> sequences.put(e.getKey(), ((Number) e.getValue()).longValue()));
      return new Plan(json.getString("schemaVersion"), tables, sequences);
    }
  }

  /** A table and the columns a dump carries (generated columns are computed again on load). */
  public record Table(String name, List<String> columns) {}

  /**
   * Opens the snapshot on {@code owner} and reads what it will dump; the connection stays in that
   * transaction for {@link #copyOut}.
   */
  public static Plan begin(Connection owner) throws SQLException {
    owner.setAutoCommit(false);
    owner.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    owner.setReadOnly(true);
    List<String> names = new ArrayList<>();
    try (Statement s = owner.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select c.relname from pg_class c where c.relnamespace = 'public'::regnamespace"
                    + " and c.relkind in ('r', 'p') and not c.relispartition and c.relname <> '"
                    + HISTORY
                    + "' order by c.relname")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    if (!names.isEmpty()) {
      try (Statement s = owner.createStatement()) {
        s.execute(
            "lock table "
                + String.join(", ", names.stream().map(DatabaseDump::ident).toList())
                + " in access share mode");
      }
    }
    List<Table> tables = new ArrayList<>();
    for (String name : names) {
      tables.add(new Table(name, columns(owner, name)));
    }
    return new Plan(schemaVersion(owner), tables, sequences(owner));
  }

  /** Writes one table's rows from the snapshot {@link #begin} opened; returns how many. */
  public static long copyOut(Connection owner, Table table, OutputStream out)
      throws SQLException, IOException {
    return copier(owner)
        .copyOut(
            "copy (select " + columnList(table) + " from " + ident(table.name()) + ") to stdout",
            out);
  }

  /** Ends the snapshot. */
  public static void end(Connection owner) throws SQLException {
    owner.commit();
  }

  /**
   * Prepares an empty database, already migrated to the dump's schema version, for the rows: in one
   * transaction, user triggers are switched off (the audit tables refuse anything but an insert
   * that extends the chain, and the dumped rows already carry their links), the rows the migrations
   * seeded are removed, and the foreign keys are dropped (some tables point at each other, so no
   * load order satisfies them all); {@link #finishLoad} adds them back, which checks every loaded
   * row against them.
   *
   * @return the statements that add the foreign keys back
   */
  public static List<String> beginLoad(Connection owner, Plan plan) throws SQLException {
    owner.setAutoCommit(false);
    List<String> addBack = new ArrayList<>();
    try (Statement s = owner.createStatement()) {
      List<String> drops = new ArrayList<>();
      try (ResultSet rs =
          s.executeQuery(
              "select conrelid::regclass::text, conname, pg_get_constraintdef(oid)"
                  + " from pg_constraint where contype = 'f'"
                  + " and connamespace = 'public'::regnamespace order by conrelid, conname")) {
        while (rs.next()) {
          String table = rs.getString(1);
          String name = ident(rs.getString(2));
          drops.add("alter table " + table + " drop constraint " + name);
          addBack.add("alter table " + table + " add constraint " + name + " " + rs.getString(3));
        }
      }
      for (String drop : drops) {
        s.execute(drop);
      }
      for (Table t : plan.tables()) {
        s.execute("alter table " + ident(t.name()) + " disable trigger user");
      }
      if (!plan.tables().isEmpty()) {
        s.execute(
            "truncate "
                + String.join(", ", plan.tables().stream().map(t -> ident(t.name())).toList()));
      }
    }
    return addBack;
  }

  /** Loads one table's rows, as {@link #copyOut} wrote them; returns how many. */
  public static long copyIn(Connection owner, Table table, InputStream rows)
      throws SQLException, IOException {
    return copier(owner)
        .copyIn("copy " + ident(table.name()) + " (" + columnList(table) + ") from stdin", rows);
  }

  /**
   * Adds the foreign keys back (checking every row), sets the sequences where the dump found them,
   * switches the triggers back on and commits.
   */
  public static void finishLoad(Connection owner, Plan plan, List<String> addBack)
      throws SQLException {
    try (Statement s = owner.createStatement();
        PreparedStatement setval = owner.prepareStatement("select setval(?::regclass, ?, true)")) {
      for (Map.Entry<String, Long> seq : plan.sequences().entrySet()) {
        setval.setString(1, ident(seq.getKey()));
        setval.setLong(2, seq.getValue());
        setval.execute();
      }
      for (String add : addBack) {
        s.execute(add);
      }
      for (Table t : plan.tables()) {
        s.execute("alter table " + ident(t.name()) + " enable trigger user");
      }
    }
    owner.commit();
  }

  private static List<String> columns(Connection c, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "select a.attname from pg_attribute a where a.attrelid = ?::regclass and a.attnum > 0"
                + " and not a.attisdropped and a.attgenerated = '' order by a.attnum")) {
      p.setString(1, ident(table));
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
    }
    return columns;
  }

  private static String schemaVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select version from "
                    + HISTORY
                    + " where success and version is not null order by installed_rank desc limit 1")) {
      if (!rs.next()) {
        throw new SQLException("the database has no migration history: it is not a gateway's");
      }
      return rs.getString(1);
    }
  }

  /** Sequences that have handed out a value (others start where a fresh schema starts them). */
  private static Map<String, Long> sequences(Connection c) throws SQLException {
    Map<String, Long> sequences = new LinkedHashMap<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select sequencename, last_value from pg_sequences where schemaname = 'public'"
                    + " and last_value is not null order by sequencename")) {
      while (rs.next()) {
        sequences.put(rs.getString(1), rs.getLong(2));
      }
    }
    return sequences;
  }

  private static CopyManager copier(Connection c) throws SQLException {
    return c.unwrap(PGConnection.class).getCopyAPI();
  }

  private static String columnList(Table table) {
    return String.join(", ", table.columns().stream().map(DatabaseDump::ident).toList());
  }

  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
