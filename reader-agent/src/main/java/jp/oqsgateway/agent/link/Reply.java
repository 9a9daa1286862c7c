package jp.oqsgateway.agent.link;

import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * The gateway's answer to one event.
 *
 * @param status {@code accepted} or {@code duplicate} when stored, else empty
 * @param failureCode the bridge error code (400 malformed, 403 not this agent's, 409 stale) when
 *     refused
 * @param body the whole reply (a challenge for a card, the outcome of a proof)
 */
public record Reply(Optional<String> status, Optional<Integer> failureCode, JsonObject body) {
  /** Stored now or before: the event is delivered. */
  public boolean delivered() {
    return status.filter(s -> s.equals("accepted") || s.equals("duplicate")).isPresent();
  }

  /** The gateway refused the event for good: sending it again cannot succeed. */
  public boolean refused() {
    return failureCode.filter(c -> c >= 400 && c < 500).isPresent();
  }
}
