package jp.oqsgateway.gateway.http.checks;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import jp.oqsgateway.gateway.qualification.CheckState;
import jp.oqsgateway.gateway.qualification.QualificationCheck;
import jp.oqsgateway.gateway.qualification.StaleGuidance;

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
    c.desk().ifPresent(d -> json.put("desk", d));
    c.reader().ifPresent(r -> json.put("reader", r));
    c.exchangeId().ifPresent(id -> json.put("exchangeId", id.toString()));
    c.result().ifPresent(r -> json.put("qualification", r));
    json.put("stale", c.state() == CheckState.STALE_QUEUED && c.stale().isPresent());
    if (c.state() == CheckState.STALE_QUEUED) {
      json.put("oqsUnreachable", true);
      json.put(
          "guidance",
          c.stale().isPresent()
              ? StaleGuidance.STALE_NOTE + StaleGuidance.TEXT
              : StaleGuidance.TEXT);
      c.stale()
          .ifPresent(
              s ->
                  json.put("qualification", s.result())
                      .put("staleCheckId", s.of().toString())
                      .put("staleAnsweredAt", s.answeredAt().toString())
                      .put(
                          "ageSeconds",
                          Math.max(
                              0, Duration.between(s.answeredAt(), Instant.now()).toSeconds())));
    }
    c.queuedAt().ifPresent(t -> json.put("queuedAt", t.toString()));
    c.rerunAt().ifPresent(t -> json.put("rerunAt", t.toString()));
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
