package jp.oqsgateway.gateway.qualification;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.sql.RowIds;

/**
 * A person of a consented-qualification retrieval (OQS-PROTOCOL.md §2.6) kept as a check with
 * source {@code import}, answered at once, exactly like a card reading: the one-person document is
 * kept with the check (there is no exchange of its own) and its answer is read the same way, so
 * links, the latest qualification and the insurance diff treat it as any other answer. The file
 * name makes storing it idempotent: the same person's unchanged unit is stored once.
 */
public final class ImportedChecks {
  /** The source of checks that came from a consented-qualification retrieval. */
  public static final String SOURCE = "import";

  private ImportedChecks() {}

  /** A check stored now, or found as an earlier import stored it. */
  public record Stored(QualificationCheck check, boolean created) {}

  /**
   * Stores the answered check of {@code doc} in {@code tx}, its answer passed through {@code
   * answer} first; when a check of the same file name exists, that one, unchanged.
   */
  public static Future<Stored> store(
      SqlConnection tx, ParsedDocument doc, String by, UnaryOperator<JsonObject> answer) {
    CheckResults.Verdict verdict = CheckResults.answered(doc);
    if (!(verdict instanceof CheckResults.Answered a)) {
      return Future.failedFuture(new IllegalArgumentException("the unit is not an answer"));
    }
    JsonObject request = new JsonObject().put("resultFile", doc.fileName()).put("reading", SOURCE);
    OqsCodec.resultHeader(doc)
        .flatMap(h -> h.qualificationConfirmationDate())
        .ifPresent(d -> request.put("confirmationDate", d.toString()));
    return tx.preparedQuery(
            "insert into qualification_check (id, source, requested_by, state, request, result,"
                + " result_file, result_document, finished_at)"
                + " values ($1, $2, $3, 'ANSWERED', $4, $5, $6, $7, now())"
                + " on conflict (result_file) where result_file is not null do nothing returning "
                + CheckRows.COLUMNS)
        .execute(
            Tuple.from(
                new Object[] {
                  RowIds.next(),
                  SOURCE,
                  by,
                  request,
                  answer.apply(a.result()),
                  doc.fileName(),
                  Buffer.buffer(doc.raw())
                }))
        .map(CheckRows::first)
        .compose(
            inserted ->
                inserted.isPresent()
                    ? Future.succeededFuture(new Stored(inserted.get(), true))
                    : tx.preparedQuery(
                            "select "
                                + CheckRows.COLUMNS
                                + " from qualification_check where result_file = $1")
                        .execute(Tuple.of(doc.fileName()))
                        .map(rows -> new Stored(CheckRows.first(rows).orElseThrow(), false)));
  }

  /** The check of {@code checkId} read in {@code tx}, locked until {@code tx} ends. */
  public static Future<Optional<QualificationCheck>> locked(SqlConnection tx, UUID checkId) {
    return tx.preparedQuery(
            "select " + CheckRows.COLUMNS + " from qualification_check where id = $1 for update")
        .execute(Tuple.of(checkId))
        .map(CheckRows::first);
  }
}
