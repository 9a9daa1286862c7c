package jp.oqsgateway.gateway.notify;

import java.util.UUID;
import jp.oqsgateway.gateway.events.Event;

/**
 * A delivery the relay claimed: the event, where to send it and the secret to sign it with.
 *
 * @param attempts attempts made before this one
 */
public record DueDelivery(
    UUID subscriptionId, String url, String secret, int attempts, Event event) {}
