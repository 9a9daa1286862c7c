package jp.oqsgateway.gateway.oqs.link;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an exchange with the terminal stands. {@code WRITTEN → PICKED_UP → ANSWERED | FAILED |
 * TIMED_OUT | OUTCOME_UNKNOWN}; a request may also fail straight from {@code WRITTEN} (never picked
 * up: withdrawn from {@code req/}).
 */
public enum ExchangeState {
  /** The request file is in {@code req/}. */
  WRITTEN,
  /** The terminal's link program took the file away; the answer is awaited. */
  PICKED_UP,
  /** A result that matched the request (file name, identifier, institution) was stored. */
  ANSWERED,
  /**
   * Definitely not processed or refused: never picked up (withdrawn), an {@code .err} from the
   * terminal, a result that does not belong to the request, or still processing after the re-asks.
   */
  FAILED,
  /**
   * A read-only bulk download (phase 2) was picked up but not answered in time. Nothing at the
   * terminal changed, so asking again is safe.
   */
  TIMED_OUT,
  /**
   * Picked up but not answered in time: the terminal may have processed it. Never resent blindly;
   * {@code OqsLink.retry} creates a new, linked exchange when a person decides to.
   */
  OUTCOME_UNKNOWN;

  public static final Set<ExchangeState> PENDING = EnumSet.of(WRITTEN, PICKED_UP);

  public boolean isFinal() {
    return !PENDING.contains(this);
  }
}
