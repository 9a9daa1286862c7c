package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;

/**
 * A part of the gateway that writes what an answer means in the very transaction that records it (a
 * check answered by it), so that the answer is told after one commit, not two, and no crash can
 * separate the two. Joins every exchange that ends ANSWERED with a parsed result file.
 */
public interface AnswerParticipant {
  /**
   * Writes what {@code answered} means for this participant, inside {@code tx}. A failure rolls the
   * end back: the result file is not recorded as handled, and the next scan reads it again. The
   * returned action runs on the link's context once the transaction committed, before the outcome
   * is told to anyone; it must not block.
   */
  Future<Runnable> join(SqlConnection tx, ExchangeOutcome answered);
}
