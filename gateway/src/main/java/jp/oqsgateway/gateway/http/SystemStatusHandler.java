package jp.oqsgateway.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import jp.oqsgateway.gateway.health.Readiness;

/**
 * {@code GET /api/v1/system/status}: the gateway's version and the state of each dependency, for
 * the staff screens (which talk only to the API port). Always 200: it reports, it is not a probe.
 */
public final class SystemStatusHandler implements Handler<RoutingContext> {
  private final Readiness readiness;
  private final String version;

  public SystemStatusHandler(Readiness readiness, String version) {
    this.readiness = readiness;
    this.version = version;
  }

  @Override
  public void handle(RoutingContext ctx) {
    readiness
        .evaluate()
        .onSuccess(
            report -> {
              JsonArray checks = new JsonArray();
              report
                  .getJsonArray("checks")
                  .forEach(
                      o -> {
                        JsonObject c = (JsonObject) o;
                        checks.add(
                            new JsonObject()
                                .put("name", c.getString("name"))
                                .put("status", c.getString("status"))
                                .put("reason", c.getString("reason")));
                      });
              ctx.json(
                  new JsonObject()
                      .put("version", version)
                      .put("status", report.getString("status"))
                      .put("checks", checks));
            })
        .onFailure(ctx::fail);
  }
}
