package jp.oqsgateway.gateway.http.checks;

import io.vertx.core.json.JsonObject;
import jp.oqsgateway.gateway.qualification.QualificationCheck;

/** A check as the API shows it (schema {@code QualificationCheck} in the OpenAPI document). */
final class CheckJson {
  private CheckJson() {}

  static JsonObject of(QualificationCheck c) {
    JsonObject json =
        new JsonObject()
            .put("id", c.id().toString())
            .put("state", c.state().name())
            .put("source", c.source())
            .put("requestedAt", c.requestedAt().toString())
            .put("request", c.request());
    c.finishedAt().ifPresent(t -> json.put("finishedAt", t.toString()));
    c.exchangeId().ifPresent(id -> json.put("exchangeId", id.toString()));
    c.result().ifPresent(r -> json.put("qualification", r));
    c.failure()
        .ifPresent(
            f -> {
              JsonObject failure =
                  new JsonObject().put("reason", f.name()).put("message", f.staffMessage());
              c.failureDetail().ifPresent(d -> failure.put("detail", d));
              json.put("failure", failure);
            });
    return json;
  }

  static String location(QualificationCheck c) {
    return "/api/v1/qualification-checks/" + c.id();
  }
}
