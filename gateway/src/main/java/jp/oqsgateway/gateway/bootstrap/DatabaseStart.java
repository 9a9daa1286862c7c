package jp.oqsgateway.gateway.bootstrap;

import io.vertx.pgclient.PgConnectOptions;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@link DatabaseBootstrap#start} on a thread of its own ({@code oqsgw-database}): PostgreSQL's
 * start, the roles and the migrations block for most of a second, in which the gateway builds
 * Vert.x and validates its API contract. The caller takes the database with {@link #await} or, if
 * its own start failed first, {@link #abandon}s it: a database that started is then stopped, so no
 * embedded server outlives a failed start.
 */
final class DatabaseStart {
  private final CompletableFuture<Optional<PgConnectOptions>> serverUp = new CompletableFuture<>();
  private final CompletableFuture<StartedDatabase> started;
  private boolean taken;

  private DatabaseStart(DatabaseConfig config) {
    this.started =
        CompletableFuture.supplyAsync(
            () ->
                DatabaseBootstrap.start(config, options -> serverUp.complete(Optional.of(options))),
            task -> {
              Thread t = new Thread(task, "oqsgw-database");
              t.setDaemon(true);
              t.start();
            });
    started.whenComplete((database, failure) -> serverUp.complete(Optional.empty()));
  }

  static DatabaseStart begin(DatabaseConfig config) {
    return new DatabaseStart(config);
  }

  /**
   * How the pool connects, as soon as an embedded server that already held the gateway's database
   * accepts connections (the pool may open its first connection while the roles, schema and
   * privileges are checked; nothing is queried before {@link #await}); empty for an external
   * server, a new database, or a start that ended first.
   */
  Optional<PgConnectOptions> serverUp() {
    return serverUp.join();
  }

  /** Waits for the database; rethrows what its start threw, as it was thrown. */
  StartedDatabase await() {
    try {
      StartedDatabase database = started.join();
      taken = true;
      return database;
    } catch (CompletionException e) {
      taken = true; // nothing started that is still running: the bootstrap stopped it
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** Stops the database once it started, unless {@link #await} handed it over. */
  void abandon() {
    if (taken) {
      return;
    }
    taken = true;
    try {
      started.join().close();
    } catch (CompletionException e) {
      // Its start failed, and the bootstrap stopped what it had started.
    }
  }
}
