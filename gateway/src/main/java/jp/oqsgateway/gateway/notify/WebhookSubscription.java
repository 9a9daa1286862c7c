package jp.oqsgateway.gateway.notify;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import jp.oqsgateway.gateway.events.EventType;

/**
 * Where a chart system wants which events POSTed. The HMAC secret is deliberately not part of it:
 * it leaves the gateway once, in the create response.
 *
 * @param createdBy the subject of the token that created it (a system, never a patient)
 */
public record WebhookSubscription(
    UUID id, String url, Set<EventType> eventTypes, String createdBy, Instant createdAt) {
  public WebhookSubscription {
    eventTypes = Set.copyOf(eventTypes);
  }

  /** A subscription just created, with the secret shown this one time. */
  public record Created(WebhookSubscription subscription, String secret) {}
}
