package jp.oqsgateway.gateway.bootstrap;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import jp.oqsgateway.gateway.auth.TokenRevocationStore;
import jp.oqsgateway.gateway.auth.TokenRevocationStore.Revocation;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.http.auth.TokenCommand;
import jp.oqsgateway.gateway.http.auth.TokenIssuer;

/**
 * {@code ./ops/oqsgw token revoke --jti ID | --subject NAME [--reason TEXT]} and {@code token
 * revocations}: writes to and lists the {@code token_revocations} table of the gateway's database
 * ({@code pg.url}, or the embedded server the running gateway started). Every gateway on that
 * database refuses the token within {@code auth.token-cache-trust}.
 */
final class RevocationCommand {
  static final String REVOKE = "revoke";
  static final String LIST = "revocations";
  private static final int MAX_REASON = 200;

  private RevocationCommand() {}

  /** True when {@code args} (after {@code token}) name one of these subcommands. */
  static boolean handles(String[] args) {
    return args.length > 0 && (args[0].equals(REVOKE) || args[0].equals(LIST));
  }

  static int run(String[] args, DatabaseConfig database, PrintStream out, PrintStream err) {
    String jti = null;
    String subject = null;
    String reason = null;
    for (int i = 1; i < args.length; i++) {
      String name = args[i];
      if (args[0].equals(LIST) || i + 1 >= args.length) {
        return usage(err, "unexpected argument '" + printable(name) + "'");
      }
      String value = args[++i];
      switch (name) {
        case "--jti" -> jti = value;
        case "--subject" -> subject = value;
        case "--reason" -> reason = value;
        default -> {
          return usage(err, "unknown argument '" + printable(name) + "'");
        }
      }
    }
    if (args[0].equals(REVOKE)) {
      if ((jti == null) == (subject == null)) {
        return usage(err, "revoke needs exactly one of --jti or --subject");
      }
      if (jti != null && !TokenIssuer.SUBJECT.matcher(jti).matches()) {
        return usage(err, "--jti must be 1 to 128 letters, digits or . _ - @ : characters");
      }
      if (subject != null && !TokenIssuer.SUBJECT.matcher(subject).matches()) {
        return usage(err, "--subject must be 1 to 128 letters, digits or . _ - @ : characters");
      }
      if (reason != null
          && (reason.length() > MAX_REASON
              || !reason.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f))) {
        return usage(err, "--reason must be at most 200 printable characters");
      }
    }
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
      return TokenCommand.FAILED;
    }
    Vertx vertx = Vertx.vertx();
    Pool pool = Platform.createPool(vertx, endpoint, 1);
    try {
      TokenRevocationStore store = new TokenRevocationStore(pool);
      if (args[0].equals(LIST)) {
        List<Revocation> all = store.list().await();
        for (Revocation r : all) {
          out.println(
              r.revokedAt()
                  + "  "
                  + r.tokenId().map(id -> "jti " + id).orElse("")
                  + r.subject().map(s -> "subject " + s + " (tokens issued until then)").orElse("")
                  + (r.reason() == null ? "" : "  " + r.reason()));
        }
        err.println(all.size() + " revocation(s)");
      } else if (jti != null) {
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
      return TokenCommand.OK;
    } catch (RuntimeException e) {
      err.println(
          "token: the database could not be used ("
              + e.getClass().getSimpleName()
              + "); is the gateway's database running and migrated?");
      return TokenCommand.FAILED;
    } finally {
      pool.close().await();
      vertx.close().await();
    }
  }

  private static int usage(PrintStream err, String message) {
    err.println("token: " + message);
    err.println(TokenCommand.USAGE);
    return TokenCommand.USAGE_ERROR;
  }

  private static String printable(String s) {
    String p = s.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f) ? s : "?";
    return p.length() > 40 ? p.substring(0, 40) + "…" : p;
  }
}
