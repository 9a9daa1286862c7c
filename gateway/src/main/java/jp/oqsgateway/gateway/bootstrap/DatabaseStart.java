package jp.oqsgateway.gateway.bootstrap;

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
  private final CompletableFuture<StartedDatabase> started;
  private boolean taken;

  private DatabaseStart(CompletableFuture<StartedDatabase> started) {
    this.started = started;
  }

  static DatabaseStart begin(DatabaseConfig config) {
    return new DatabaseStart(
        CompletableFuture.supplyAsync(
            () -> DatabaseBootstrap.start(config),
            task -> {
              Thread t = new Thread(task, "oqsgw-database");
              t.setDaemon(true);
              t.start();
            }));
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
