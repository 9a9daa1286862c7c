package jp.oqsgateway.gateway.qualification;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.link.FaceResultHandler;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.sql.RowIds;

/**
 * A My Number card reading (a result file in {@code face/}) becomes a check with source {@code
 * face}, finished at once. Its patient is assigned in the same transaction when the reading's 照会番号
 * names exactly one linked chart patient ({@link ReadingAssignment}); otherwise a person confirms
 * one of the candidates (照会番号, then kana and birth date). The check, its {@code check.answered} or
 * {@code check.failed} event and the assignment commit with the file's handled-record, once per
 * file: a second delivery stores nothing. The document is kept with the check, as there is no
 * exchange.
 */
final class CardReadings implements FaceResultHandler {
  private final CheckStore store;
  private final CheckEnds ends;
  private final Optional<String> faceReaderDesk;
  private final ReadingAssignment assignment;

  /**
   * @param faceReaderDesk where the terminal's face-auth reader stands ({@code
   *     oqs.face-reader.desk})
   */
  CardReadings(
      CheckStore store,
      CheckEnds ends,
      Optional<String> faceReaderDesk,
      ReadingAssignment assignment) {
    this.store = store;
    this.ends = ends;
    this.faceReaderDesk = faceReaderDesk;
    this.assignment = assignment;
  }

  @Override
  public Future<Runnable> handle(SqlConnection tx, ParsedDocument doc) {
    CheckResults.Verdict verdict = CheckResults.answered(doc);
    JsonObject request =
        new JsonObject().put("resultFile", doc.fileName()).put("reading", "myNumberCard");
    confirmationDate(doc).ifPresent(d -> request.put("confirmationDate", d.toString()));
    Optional<JsonObject> result =
        verdict instanceof CheckResults.Answered a ? Optional.of(a.result()) : Optional.empty();
    Optional<CheckResults.Failed> failed =
        verdict instanceof CheckResults.Failed f ? Optional.of(f) : Optional.empty();
    return tx.preparedQuery(
            "insert into qualification_check (id, source, requested_by, state, request, result,"
                + " failure_reason, failure_detail, result_file, result_document, desk, reader,"
                + " finished_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())"
                + " on conflict (result_file) where result_file is not null do nothing returning "
                + CheckRows.COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  RowIds.next(),
                  QualificationChecks.FACE_SOURCE,
                  QualificationChecks.CARD_READER,
                  result.isPresent() ? "ANSWERED" : "FAILED",
                  request,
                  result.orElse(null),
                  failed.map(f -> f.failure().name()).orElse(null),
                  failed.map(CheckResults.Failed::detail).orElse(null),
                  doc.fileName(),
                  Buffer.buffer(doc.raw()),
                  faceReaderDesk.orElse(null),
                  QualificationChecks.FACE_READER
                }))
        .map(CheckRows::first)
        .compose(inserted -> assigned(tx, inserted))
        .map(
            inserted ->
                inserted
                    .<Runnable>map(
                        e ->
                            () -> {
                              e.committed();
                              ends.ended(e.check());
                            })
                    .orElse(CheckEndParticipant.NOTHING));
  }

  /**
   * The inserted reading (empty: the file was delivered before) after the assignment had its say,
   * re-read and ended in {@code tx}: its event carries the patient it was assigned to.
   */
  private Future<Optional<CheckStore.Ended>> assigned(
      SqlConnection tx, Optional<QualificationCheck> inserted) {
    if (inserted.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return assignment
        .assign(tx, inserted.get())
        .compose(
            after ->
                tx.preparedQuery(
                        "select " + CheckRows.COLUMNS + " from qualification_check where id = $1")
                    .execute(Tuple.of(inserted.get().id()))
                    .map(CheckRows::first)
                    .compose(reread -> store.endedIn(tx, reread))
                    .map(ended -> ended.map(e -> e.then(after))));
  }

  /**
   * QualificationConfirmationDate, else the day of ProcessExecutionTime, as the codec reads them.
   */
  private static Optional<LocalDate> confirmationDate(ParsedDocument doc) {
    return OqsCodec.resultHeader(doc)
        .flatMap(
            h ->
                h.qualificationConfirmationDate()
                    .or(() -> h.processExecutionTime().map(LocalDateTime::toLocalDate)));
  }
}
