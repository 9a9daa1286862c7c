package jp.oqsgateway.gateway.qualification;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * Gives a card reading of the terminal's face-auth reader to its chart patient, in the transaction
 * that stores the reading, when nobody need decide: the patients part assigns it exactly when the
 * reading's 照会番号 names one chart patient with an active link (never by kana and birth date).
 */
public interface ReadingAssignment {
  /**
   * Assigns {@code reading} (already inserted through {@code tx}) when its patient is certain;
   * leaves it unassigned otherwise. The returned action runs once the transaction committed.
   */
  Future<Runnable> assign(SqlConnection tx, QualificationCheck reading);

  /** Assigns nothing. */
  ReadingAssignment NONE = (tx, reading) -> Future.succeededFuture(CheckEndParticipant.NOTHING);
}
