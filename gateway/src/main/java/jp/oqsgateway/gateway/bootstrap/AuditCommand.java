package jp.oqsgateway.gateway.bootstrap;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.audit.AuditChainVerifier;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;

/**
 * {@code oqsgw audit verify [--from DATE] [--to DATE]}: recomputes the hash chain of the read audit
 * in the configured database and names the first broken link, or says it is intact.
 *
 * <p>The database is the one the server uses: {@code pg.url}, or the embedded server while the
 * gateway runs (its port is read from the server's pid file, its password from the data root).
 *
 * <p>Exit codes: 0 intact, 1 broken, 2 bad command line or no database to read.
 */
public final class AuditCommand {
  static final int INTACT = 0;
  static final int BROKEN = 1;
  static final int CANNOT_RUN = 2;

  static final String USAGE =
      """
      oqsgw audit verify [--from YYYY-MM-DD] [--to YYYY-MM-DD]
        Recomputes the audit hash chain over the days given (default: all) and names the first
        broken link (row id, sequence number, day and what is wrong), or says it is intact.
        Exit code 0 intact, 1 broken, 2 cannot run.""";

  private AuditCommand() {}

  /**
   * @param args the words after {@code audit}
   */
  public static int run(String[] args, DatabaseConfig database, PrintStream out, PrintStream err) {
    Optional<LocalDate> from = Optional.empty();
    Optional<LocalDate> to = Optional.empty();
    List<String> rest = List.of(args);
    if (rest.isEmpty() || rest.contains("--help") || rest.contains("-h")) {
      out.println(USAGE);
      return rest.isEmpty() ? CANNOT_RUN : INTACT;
    }
    if (!rest.get(0).equals("verify")) {
      err.println("audit: unknown command '" + rest.get(0) + "'");
      err.println(USAGE);
      return CANNOT_RUN;
    }
    try {
      for (int i = 1; i < rest.size(); i++) {
        String a = rest.get(i);
        if ((a.equals("--from") || a.equals("--to")) && i + 1 < rest.size()) {
          LocalDate day = LocalDate.parse(rest.get(++i));
          if (a.equals("--from")) {
            from = Optional.of(day);
          } else {
            to = Optional.of(day);
          }
        } else {
          throw new IllegalArgumentException("unknown or incomplete argument '" + a + "'");
        }
      }
    } catch (DateTimeParseException e) {
      err.println("audit: --from and --to take a day, YYYY-MM-DD");
      return CANNOT_RUN;
    } catch (IllegalArgumentException e) {
      err.println("audit: " + e.getMessage());
      err.println(USAGE);
      return CANNOT_RUN;
    }
    Optional<PgEndpoint> endpoint;
    try {
      endpoint = RunningDatabase.find(database);
    } catch (IOException e) {
      err.println("audit: cannot read the embedded database's connection details: " + e);
      return CANNOT_RUN;
    }
    if (endpoint.isEmpty()) {
      err.println(
          "audit: the embedded database is not running; start the gateway (it runs the database)"
              + " or set pg.url");
      return CANNOT_RUN;
    }
    PgEndpoint e = endpoint.get();
    try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.user(), e.password())) {
      AuditChainVerifier.Result result = AuditChainVerifier.verify(c, from, to);
      String range =
          from.map(LocalDate::toString).orElse("the first day")
              + " to "
              + to.map(LocalDate::toString).orElse("the last day");
      if (result.intact()) {
        out.println(
            "audit chain intact: "
                + result.rowsChecked()
                + " rows over "
                + result.daysChecked()
                + " days, "
                + range
                + result.lastSeq().map(s -> "; last seq " + s).orElse("")
                + result.lastHashHex().map(h -> ", its hash " + h).orElse(""));
        return INTACT;
      }
      out.println("audit chain BROKEN at " + result.firstBreak().orElseThrow());
      out.println(
          "checked "
              + result.rowsChecked()
              + " intact rows before it, "
              + range
              + "; the rows after the break were not checked");
      return BROKEN;
    } catch (SQLException ex) {
      // The driver's message names the server and the SQL state; no patient data.
      err.println("audit: cannot read the audit from " + e.host() + ":" + e.port() + ": " + ex);
      return CANNOT_RUN;
    }
  }
}
