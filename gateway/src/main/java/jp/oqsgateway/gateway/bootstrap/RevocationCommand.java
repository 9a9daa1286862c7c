package jp.oqsgateway.gateway.bootstrap;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.auth.TokenRevocationStore;
import jp.oqsgateway.gateway.auth.TokenRevocationStore.Revocation;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.cli.Cli;
import jp.oqsgateway.gateway.http.auth.TokenIssuer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./ops/oqsgw token revoke --jti ID | --subject NAME [--reason TEXT]} and {@code token
 * revocations}: writes to and lists the {@code token_revocations} table of the gateway's database
 * ({@code pg.url}, or the embedded server the running gateway started). Every gateway on that
 * database refuses the token within {@code auth.token-cache-trust}.
 */
final class RevocationCommand {
  private static final int MAX_REASON = 200;

  private RevocationCommand() {}

  /** {@code token revoke}. */
  @Command(name = "revoke", description = "revoke a token (--jti) or every token of a subject")
  static final class Revoke implements Callable<Integer> {
    @Spec private CommandSpec spec;

    @Option(names = "--jti", paramLabel = "ID", description = "the token's id (its jti)")
    private String jti;

    @Option(
        names = "--subject",
        paramLabel = "NAME",
        description = "every token of NAME issued until now")
    private String subject;

    @Option(names = "--reason", paramLabel = "TEXT", description = "kept with the revocation")
    private String reason;

    private final Supplier<DatabaseConfig> database;
    private final PrintStream err;

    Revoke(Supplier<DatabaseConfig> database, PrintStream err) {
      this.database = database;
      this.err = err;
    }

    @Override
    public Integer call() {
      if ((jti == null) == (subject == null)) {
        throw usage("revoke needs exactly one of --jti or --subject");
      }
      if (jti != null && !TokenIssuer.SUBJECT.matcher(jti).matches()) {
        throw usage("--jti must be 1 to 128 letters, digits or . _ - @ : characters");
      }
      if (subject != null && !TokenIssuer.SUBJECT.matcher(subject).matches()) {
        throw usage("--subject must be 1 to 128 letters, digits or . _ - @ : characters");
      }
      if (reason != null
          && (reason.length() > MAX_REASON
              || !reason.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f))) {
        throw usage("--reason must be at most 200 printable characters");
      }
      return withStore(
          database.get(),
          err,
          store -> {
            if (jti != null) {
              boolean added = store.revokeToken(jti, reason).await();
              err.println(
                  added
                      ? "revoked token "
                          + jti
                          + "; every gateway refuses it within auth.token-cache-trust"
                      : "token " + jti + " was already revoked");
            } else {
              err.println(
                  "revoked every token of "
                      + subject
                      + " issued until "
                      + store.revokeSubject(subject, reason).await()
                      + "; every gateway refuses them within auth.token-cache-trust");
            }
          });
    }

    private ParameterException usage(String message) {
      return new ParameterException(spec.commandLine(), message);
    }
  }

  /** {@code token revocations}. */
  @Command(name = "revocations", description = "list the revoked tokens and subjects")
  static final class Revocations implements Callable<Integer> {
    private final Supplier<DatabaseConfig> database;
    private final PrintStream out;
    private final PrintStream err;

    Revocations(Supplier<DatabaseConfig> database, PrintStream out, PrintStream err) {
      this.database = database;
      this.out = out;
      this.err = err;
    }

    @Override
    public Integer call() {
      return withStore(
          database.get(),
          err,
          store -> {
            List<Revocation> all = store.list().await();
            for (Revocation r : all) {
              out.println(
                  r.revokedAt()
                      + "  "
                      + r.tokenId().map(id -> "jti " + id).orElse("")
                      + r.subject()
                          .map(s -> "subject " + s + " (tokens issued until then)")
                          .orElse("")
                      + (r.reason() == null ? "" : "  " + r.reason()));
            }
            err.println(all.size() + " revocation(s)");
          });
    }
  }

  /** Runs {@code work} on the store of the gateway's database; 1 with one line when it cannot. */
  private static int withStore(
      DatabaseConfig database, PrintStream err, Consumer<TokenRevocationStore> work) {
    PgEndpoint endpoint;
    try {
      endpoint =
          RunningDatabase.find(database)
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the gateway's embedded database is not running; start the gateway"
                              + " first (or set pg.url)"));
    } catch (IOException | RuntimeException e) {
      err.println(
          "token: "
              + (e instanceof IllegalStateException
                  ? e.getMessage()
                  : "cannot find the embedded database (" + e.getClass().getSimpleName() + ")"));
      return Cli.FAILED;
    }
    Vertx vertx = Vertx.vertx();
    Pool pool = Platform.createPool(vertx, endpoint, 1);
    try {
      work.accept(new TokenRevocationStore(pool));
      return Cli.OK;
    } catch (RuntimeException e) {
      err.println(
          "token: the database could not be used ("
              + e.getClass().getSimpleName()
              + "); is the gateway's database running and migrated?");
      return Cli.FAILED;
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }
}
