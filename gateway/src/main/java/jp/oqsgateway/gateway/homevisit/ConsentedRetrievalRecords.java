package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.consented.ConsentedQuery;
import jp.oqsgateway.gateway.oqs.bulk.BulkPhase;
import jp.oqsgateway.gateway.oqs.bulk.PhaseRecorder;

/**
 * SQL for {@code consented_retrieval} (V29): the retrieval a consented-import item made, and the
 * exchange of each of its phases, recorded before the phase is followed.
 */
final class ConsentedRetrievalRecords {
  /** A retrieval as recorded. */
  record Recorded(ConsentedQuery query, Optional<UUID> upload, Optional<UUID> download) {}

  private final Pool pool;

  ConsentedRetrievalRecords(Pool pool) {
    this.pool = pool;
  }

  /** Records a retrieval about to be made, in the item's transaction {@code tx}. */
  Future<Void> create(SqlConnection tx, UUID id, UUID jobId, ConsentedQuery q) {
    return tx.preparedQuery(
            "insert into consented_retrieval (id, job_id, form, search_by, range_from, range_to)"
                + " values ($1, $2, $3, $4, $5, $6)")
        .execute(
            Tuple.of(
                id,
                jobId,
                ConsentedImportParams.wire(q.form()),
                ConsentedImportParams.wire(q.by()),
                q.from(),
                q.to()))
        .mapEmpty();
  }

  /** Writes each phase's exchange to the retrieval {@code id}. */
  PhaseRecorder recorder(UUID id) {
    return (phase, exchangeId) ->
        pool.preparedQuery(
                "update consented_retrieval set "
                    + (phase == BulkPhase.UPLOAD ? "upload_exchange_id" : "download_exchange_id")
                    + " = $2 where id = $1")
            .execute(Tuple.of(id, exchangeId))
            .compose(
                rows ->
                    rows.rowCount() == 1
                        ? Future.succeededFuture()
                        : Future.failedFuture(
                            new IllegalStateException("no consented retrieval " + id)));
  }

  Future<Optional<Recorded>> find(UUID id) {
    return pool.preparedQuery(
            "select form, search_by, range_from, range_to, upload_exchange_id,"
                + " download_exchange_id from consented_retrieval where id = $1")
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.of(recorded(rows.iterator().next())));
  }

  private static Recorded recorded(Row r) {
    ConsentedQuery q =
        new ConsentedQuery(
            ConsentedImportParams.form(r.getString("form")).orElseThrow(),
            ConsentedImportParams.by(r.getString("search_by")),
            r.getLocalDate("range_from"),
            r.getLocalDate("range_to"));
    return new Recorded(
        q,
        Optional.ofNullable(r.getUUID("upload_exchange_id")),
        Optional.ofNullable(r.getUUID("download_exchange_id")));
  }
}
