package jp.oqsgateway.gateway.http.webhooks;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.notify.DeliveryLogEntry;
import jp.oqsgateway.gateway.notify.WebhookSubscription;

/** Subscriptions and delivery-log entries as the API shows them (schemas in the OpenAPI doc). */
final class WebhookJson {
  private WebhookJson() {}

  /** Never carries the secret: only the create response adds it, once. */
  static JsonObject of(WebhookSubscription s) {
    JsonArray types = new JsonArray();
    s.eventTypes().stream().map(EventType::wireName).sorted().forEach(types::add);
    return new JsonObject()
        .put("id", s.id().toString())
        .put("url", s.url())
        .put("eventTypes", types)
        .put("createdBy", s.createdBy())
        .put("createdAt", s.createdAt().toString());
  }

  static JsonObject of(DeliveryLogEntry d) {
    JsonObject json =
        new JsonObject()
            .put("eventId", d.eventId().toString())
            .put("eventType", d.eventType().wireName())
            .put("state", d.state().name())
            .put("attempts", d.attempts())
            .put("createdAt", d.createdAt().toString());
    d.nextAttemptAt().ifPresent(t -> json.put("nextAttemptAt", t.toString()));
    d.lastAttemptAt().ifPresent(t -> json.put("lastAttemptAt", t.toString()));
    d.lastStatusCode().ifPresent(c -> json.put("lastStatusCode", c));
    d.lastError().ifPresent(e -> json.put("lastError", e));
    d.deliveredAt().ifPresent(t -> json.put("deliveredAt", t.toString()));
    d.givenUpAt().ifPresent(t -> json.put("givenUpAt", t.toString()));
    return json;
  }

  static String location(WebhookSubscription s) {
    return "/api/v1/webhook-subscriptions/" + s.id();
  }
}
