package jp.oqsgateway.gateway.http.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import jp.oqsgateway.gateway.ops.OpsOverview;
import jp.oqsgateway.gateway.ops.OpsStore;
import jp.oqsgateway.gateway.oqs.link.LinkStatus;

/** The operations screen's JSON (schemas OpsOverview and OqsExchange of the API document). */
final class OpsJson {
  private OpsJson() {}

  static JsonObject overview(OpsOverview.Snapshot s) {
    Instant now = Instant.now();
    LinkStatus link = s.link();
    JsonObject linkJson = new JsonObject().put("state", link.state().name());
    link.since().ifPresent(t -> linkJson.put("since", t.toString()));
    link.reason().ifPresent(r -> linkJson.put("reason", r));
    link.lastGoodAt().ifPresent(t -> linkJson.put("lastGoodRoundTripAt", t.toString()));
    link.lastGoodRoundTrip().ifPresent(d -> linkJson.put("lastGoodRoundTripMs", d.toMillis()));
    link.lastPickupDelay().ifPresent(d -> linkJson.put("pickupDelayMs", d.toMillis()));

    JsonObject exchanges =
        new JsonObject()
            .put("pending", s.exchanges().pending())
            .put("outcomeUnknown", s.exchanges().outcomeUnknown());
    s.exchanges()
        .oldestPending()
        .ifPresent(t -> exchanges.put("oldestPendingSeconds", secondsSince(t, now)));

    JsonArray failures = new JsonArray();
    for (OpsStore.Failure f : s.recentFailures()) {
      JsonObject json =
          new JsonObject()
              .put("checkId", f.checkId().toString())
              .put("source", f.source())
              .put("failureReason", f.failureReason())
              .put("at", f.at().toString());
      f.kind().ifPresent(k -> json.put("kind", k));
      failures.add(json);
    }

    JsonArray agents = new JsonArray();
    s.agents()
        .forEach(
            a ->
                agents.add(
                    new JsonObject()
                        .put("agentId", a.agentId())
                        .put("deskIds", new JsonArray(a.deskIds()))
                        .put("connectedSince", a.since().toString())));

    OpsStore.WebhookHealth w = s.webhooks();
    JsonObject webhooks =
        new JsonObject()
            .put("activeSubscriptions", w.activeSubscriptions())
            .put("undelivered", w.undelivered())
            .put("givenUp24h", w.givenUp24h());
    w.oldestUndelivered()
        .ifPresent(t -> webhooks.put("oldestUndeliveredSeconds", secondsSince(t, now)));

    return new JsonObject()
        .put("link", linkJson)
        .put("exchanges", exchanges)
        .put("recentFailures", failures)
        .put("agents", agents)
        .put("webhooks", webhooks)
        .put("demo", new JsonObject().put("virtualCard", s.virtualCard()));
  }

  static JsonObject exchange(OpsStore.ExchangeRow e) {
    JsonObject json =
        new JsonObject()
            .put("id", e.id().toString())
            .put("kind", e.kind())
            .put("state", e.state())
            .put("probe", e.probe())
            .put("writtenAt", e.writtenAt().toString())
            .put("deadlineAt", e.deadlineAt().toString());
    e.pickedUpAt().ifPresent(t -> json.put("pickedUpAt", t.toString()));
    e.finishedAt().ifPresent(t -> json.put("finishedAt", t.toString()));
    e.retryOf().ifPresent(id -> json.put("retryOf", id.toString()));
    e.retriedBy().ifPresent(id -> json.put("retriedBy", id.toString()));
    e.failureClass().ifPresent(c -> json.put("failureClass", c));
    return json;
  }

  private static long secondsSince(Instant t, Instant now) {
    return Math.max(0, Duration.between(t, now).toSeconds());
  }
}
