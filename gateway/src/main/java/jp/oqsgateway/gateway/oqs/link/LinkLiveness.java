package jp.oqsgateway.gateway.oqs.link;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the terminal's link program is taking our request files: UP on a pickup or an answer,
 * DOWN when a request lies in {@code req/} too long or has to be withdrawn; the last good round
 * trip and the last activity (which the idle probe waits on). Context-confined like {@link
 * PendingExchanges}; the gauges read it from the metrics thread, as before.
 */
final class LinkLiveness {
  private static final Logger LOG = LoggerFactory.getLogger(OqsLink.class);

  private final LinkConfig config;

  private LinkStatus.State state = LinkStatus.State.UNKNOWN;
  private String stateReason;
  private Instant stateSince;
  private Duration lastPickupDelay;
  private Duration lastGoodRoundTrip;
  private Instant lastGoodAt;
  private Instant lastActivity = Instant.now();
  private final List<Runnable> changeListeners = new ArrayList<>();

  LinkLiveness(LinkConfig config) {
    this.config = config;
  }

  /** Runs {@code listener} (on the link's context) after each change between UP and DOWN. */
  void onChange(Runnable listener) {
    changeListeners.add(listener);
  }

  void linkUp() {
    if (state != LinkStatus.State.UP) {
      state = LinkStatus.State.UP;
      stateReason = "requests are picked up";
      stateSince = Instant.now();
      LOG.atInfo().log("terminal link up: requests are picked up");
      changed();
    }
  }

  void linkDown(String reason) {
    if (state != LinkStatus.State.DOWN) {
      state = LinkStatus.State.DOWN;
      stateReason = reason;
      stateSince = Instant.now();
      LOG.atWarn().addKeyValue("reason", reason).log("terminal link down");
      changed();
    }
  }

  private void changed() {
    for (Runnable listener : changeListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.atError().setCause(e).log("a link liveness listener failed");
      }
    }
  }

  /** A request lying in {@code req/} beyond the threshold. */
  void notPickedUp() {
    linkDown(
        "request not picked up within "
            + config.pickupThreshold().toSeconds()
            + " s"
            + " (link program not running?)");
  }

  /** A request was written or picked up: the link is not idle. */
  void activity(Instant at) {
    lastActivity = at;
  }

  /** A request was picked up {@code delay} after it was written. */
  void pickedUpAfter(Duration delay) {
    lastPickupDelay = delay;
  }

  /** An exchange was answered after {@code roundTrip}. */
  void answered(Duration roundTrip, Instant at) {
    lastGoodRoundTrip = roundTrip;
    lastGoodAt = at;
    linkUp();
  }

  /** Whether nothing was written or picked up for {@code idle}. */
  boolean idleFor(Duration idle) {
    return Duration.between(lastActivity, Instant.now()).compareTo(idle) >= 0;
  }

  LinkStatus status(int pending, Optional<Duration> oldestPending) {
    return new LinkStatus(
        state,
        Optional.ofNullable(stateReason),
        Optional.ofNullable(stateSince),
        Optional.ofNullable(lastGoodRoundTrip),
        Optional.ofNullable(lastGoodAt),
        Optional.ofNullable(lastPickupDelay),
        pending,
        oldestPending);
  }

  /** For the {@code oqsgw_oqs_link_up} gauge: UNKNOWN counts as up. */
  Number upGauge() {
    return state == LinkStatus.State.DOWN ? 0 : 1;
  }

  /** For the last-good-round-trip gauge (0: none since start). */
  Number lastGoodEpochSeconds() {
    return lastGoodAt == null ? 0 : lastGoodAt.getEpochSecond();
  }
}
