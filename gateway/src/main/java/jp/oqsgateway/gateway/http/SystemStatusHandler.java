package jp.oqsgateway.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import jp.oqsgateway.gateway.health.PublicStatus;
import jp.oqsgateway.gateway.health.Readiness;

/**
 * {@code GET /api/v1/system/status}: the gateway's version and the state of each dependency, for
 * the staff screens (which talk only to the API port). Always 200: it reports, it is not a probe.
 *
 * <p>Public (no token), so it says no more than {@link PublicStatus} allows, and the dependencies
 * are checked at most once per {@link #CACHED_FOR}: callers in that window share one evaluation, so
 * polling it cannot load the database.
 */
public final class SystemStatusHandler implements Handler<RoutingContext> {
  /** How long one evaluation answers every caller. */
  public static final Duration CACHED_FOR = Duration.ofSeconds(5);

  private record Snapshot(Future<JsonObject> body, long expiresAtNanos) {}

  private final Readiness readiness;
  private final String version;
  private Snapshot snapshot;

  public SystemStatusHandler(Readiness readiness, String version) {
    this.readiness = readiness;
    this.version = version;
  }

  @Override
  public void handle(RoutingContext ctx) {
    current().onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** Shared by the API verticle's event loops, hence synchronized; it only starts the checks. */
  private synchronized Future<JsonObject> current() {
    long now = System.nanoTime();
    if (snapshot != null && now - snapshot.expiresAtNanos() < 0 && !snapshot.body().failed()) {
      return snapshot.body();
    }
    Future<JsonObject> body =
        readiness.evaluate().map(report -> PublicStatus.of(report).put("version", version));
    snapshot = new Snapshot(body, now + CACHED_FOR.toNanos());
    return body;
  }
}
