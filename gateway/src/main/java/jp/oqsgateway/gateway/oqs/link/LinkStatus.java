package jp.oqsgateway.gateway.oqs.link;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the link knows about the terminal's link program, as one immutable snapshot.
 *
 * @param state UNKNOWN until a first request was picked up or left lying
 * @param since when the link entered its state (empty while UNKNOWN)
 * @param lastGoodRoundTrip write-to-answer time of the last answered exchange
 * @param lastPickupDelay write-to-pickup time of the last request picked up
 * @param oldestPendingAge age of the oldest exchange still waiting
 */
public record LinkStatus(
    State state,
    Optional<String> reason,
    Optional<Instant> since,
    Optional<Duration> lastGoodRoundTrip,
    Optional<Instant> lastGoodAt,
    Optional<Duration> lastPickupDelay,
    int pending,
    Optional<Duration> oldestPendingAge) {

  public enum State {
    UNKNOWN,
    UP,
    DOWN
  }

  public boolean down() {
    return state == State.DOWN;
  }
}
