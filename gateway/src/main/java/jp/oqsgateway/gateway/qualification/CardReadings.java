package jp.oqsgateway.gateway.qualification;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.link.FaceResultHandler;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;

/**
 * A My Number card reading (a result file in {@code face/}) becomes a check with source {@code
 * face}, finished at once. Its patient is assigned in the same transaction when the reading's 照会番号
 * names exactly one linked chart patient ({@link ReadingAssignment}); otherwise a person confirms
 * one of the candidates (照会番号, then kana and birth date). The check, its {@code check.answered} or
 * {@code check.failed} event and the assignment commit with the file's handled-record, once per
 * file: a second delivery stores nothing.
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
    return store
        .insertFromFile(
            tx,
            UUID.randomUUID(),
            QualificationChecks.FACE_SOURCE,
            QualificationChecks.CARD_READER,
            request,
            result,
            failed.map(CheckResults.Failed::failure),
            failed.map(CheckResults.Failed::detail),
            doc.fileName(),
            doc.raw(),
            faceReaderDesk,
            QualificationChecks.FACE_READER,
            assignment)
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
