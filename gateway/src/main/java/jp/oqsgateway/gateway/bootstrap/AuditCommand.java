package jp.oqsgateway.gateway.bootstrap;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.audit.AuditChainVerifier;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code oqsgw audit verify [--from DATE] [--to DATE]}: recomputes the hash chain of the read audit
 * in the configured database and names the first broken link, or says it is intact.
 *
 * <p>The database is the one the server uses: {@code pg.url}, or the embedded server while the
 * gateway runs (its port is read from the server's pid file, its password from the data root).
 *
 * <p>Exit codes: 0 intact, 1 broken, 2 usage error or no database to read.
 */
@Command(name = "audit", description = "verify the read audit's hash chain")
final class AuditCommand implements Callable<Integer> {
  static final int INTACT = 0;
  static final int BROKEN = 1;
  static final int CANNOT_RUN = 2;

  @Spec private CommandSpec spec;

  private final Supplier<DatabaseConfig> database;
  private final PrintStream out;
  private final PrintStream err;

  AuditCommand(Supplier<DatabaseConfig> database, PrintStream out, PrintStream err) {
    this.database = database;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "needs a command: verify");
  }

  @Command(
      name = "verify",
      description =
          "recompute the audit hash chain over the days given (default: all) and name the first"
              + " broken link (row id, sequence number, day and what is wrong), or say it is intact")
  int verify(
      @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "the first day")
          String fromText,
      @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "the last day")
          String toText) {
    Optional<LocalDate> from;
    Optional<LocalDate> to;
    try {
      from = Optional.ofNullable(fromText).map(LocalDate::parse);
      to = Optional.ofNullable(toText).map(LocalDate::parse);
    } catch (DateTimeParseException e) {
      throw new ParameterException(spec.commandLine(), "--from and --to take a day, YYYY-MM-DD");
    }
    DatabaseConfig database = this.database.get();
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
