package jp.oqsgateway.gateway.qualification;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * A part of the gateway whose own state must change in the very transaction that ends a check, so
 * that no crash can separate the two (e.g. home visits record OQS's refusal of a re-inquiry). It
 * joins every end: answers, failures and card readings stored finished.
 */
public interface CheckEndParticipant {
  /**
   * Writes what the end of {@code check} means for this participant, inside {@code tx}. A failure
   * rolls the end back (the check stays as it was and is followed again). The returned action runs
   * on the event loop once the transaction committed (notifications, metrics, work that talks to
   * other systems); it must not block.
   */
  Future<Runnable> join(SqlConnection tx, QualificationCheck check);

  /** Nothing to do after commit. */
  Runnable NOTHING = () -> {};
}
