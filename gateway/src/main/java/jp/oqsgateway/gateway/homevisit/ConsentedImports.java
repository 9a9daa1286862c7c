package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.message.BulkConfirmUnit;
import jp.oqsgateway.gateway.oqs.message.BulkResult;
import jp.oqsgateway.gateway.patients.Candidates;
import jp.oqsgateway.gateway.patients.LinkOutcome;
import jp.oqsgateway.gateway.patients.LinkedQualification;
import jp.oqsgateway.gateway.patients.PatientLinkStore;
import jp.oqsgateway.gateway.qualification.ImportedChecks;
import jp.oqsgateway.gateway.qualification.QualificationCheck;

/**
 * Consented patients come in by themselves (docs/HOME-VISIT.md): each person of a retrieved {@code
 * OQSmuhvq}, {@code OQSmuonq} or {@code OQSmutic} result is kept as an answered check and matched
 * to a chart patient by 照会番号, then by kana and birth date, as card readings are (OQS-PROTOCOL.md
 * §4.2). Exactly one match links it (a new link registers the 照会番号 when so configured) and, for
 * 訪問診療等, opens or refreshes the home-visit relationship with the consent date as first visit;
 * several or none queue it for a person ({@link ConsentedImportQueue}), never guessed. Importing
 * the same unit again changes nothing.
 *
 * <p>Safe to call from any thread that may wait on futures; nothing blocks.
 */
public final class ConsentedImports {
  /** Who links imported units automatically, as {@code linkedBy} records it. */
  public static final String LINKED_BY = "gateway:consented-import";

  private final Pool pool;
  private final PatientLinkStore links;
  private final ConsentedImportQueue queue;
  private final ConsentedLinking linking;

  public ConsentedImports(
      Pool pool, PatientLinkStore links, ConsentedImportQueue queue, ConsentedLinking linking) {
    this.pool = pool;
    this.links = links;
    this.queue = queue;
    this.linking = linking;
  }

  /** Imports every unit of a downloaded retrieval result, one after the other. */
  public Future<ConsentedImportSummary> importResult(BulkResult result) {
    Future<ConsentedImportSummary> all = Future.succeededFuture(ConsentedImportSummary.NONE);
    for (BulkConfirmUnit unit : result.units()) {
      all = all.compose(sum -> importUnit(result, unit).map(sum::plus));
    }
    return all;
  }

  /**
   * Imports one unit of {@code result} (its header and kind say where it came from). Completes when
   * the unit is linked and its relationship opened, queued, or skipped.
   */
  public Future<ConsentedImportSummary> importUnit(BulkResult result, BulkConfirmUnit unit) {
    Optional<ConsentedUnit> read;
    try {
      read = ConsentedUnit.of(result, unit);
    } catch (RuntimeException e) {
      // not a consented retrieval's result (e.g. a bulk check's): the caller's mistake, as a
      // failure
      return Future.failedFuture(e);
    }
    if (read.isEmpty()) {
      return Future.succeededFuture(
          ConsentedImportSummary.skipped(ConsentedImportSummary.NO_QUALIFICATION));
    }
    ConsentedUnit u = read.get();
    return pool.withTransaction(
            tx ->
                ImportedChecks.store(tx, u.document(), LINKED_BY, a -> withReference(a, u))
                    .compose(
                        stored ->
                            stored.created()
                                ? match(tx, u, stored.check())
                                : Future.succeededFuture(Step.again(stored.check()))))
        .compose(step -> step.after(linking, u));
  }

  private Future<Step> match(SqlConnection tx, ConsentedUnit u, QualificationCheck check) {
    Optional<LinkedQualification> q = check.result().flatMap(LinkedQualification::fromAnswer);
    if (q.isEmpty()) {
      return Future.succeededFuture(
          Step.skipped(ConsentedImportSummary.NO_QUALIFICATION, Optional.empty(), check));
    }
    return candidates(tx, u, q.get())
        .compose(
            c -> {
              if (c.patients().size() != 1) {
                return queue.add(tx, check.id(), u, c.by(), c.patients()).map(Step.QUEUED);
              }
              String patient = c.patients().get(0);
              return links
                  .linkWithin(tx, patient, check.id(), q.get(), LINKED_BY)
                  .compose(
                      outcome ->
                          outcome instanceof LinkOutcome.HeldByAnother h
                              ? queue
                                  .add(
                                      tx,
                                      check.id(),
                                      u,
                                      "heldByAnother",
                                      List.of(patient, h.otherChartPatientId()))
                                  .map(Step.QUEUED)
                              : Future.succeededFuture(Step.linked(patient, check, outcome)));
            });
  }

  /** By 照会番号 (a link carrying it, or the chart patient it names), else by kana and birth date. */
  private Future<Match> candidates(SqlConnection tx, ConsentedUnit u, LinkedQualification q) {
    TreeSet<String> byReference = new TreeSet<>();
    Future<Void> all = Future.succeededFuture();
    for (String ref : u.referenceNumbers()) {
      all =
          all.compose(v -> links.patientsByReferenceNumber(tx, ref))
              .compose(
                  ids -> {
                    byReference.addAll(ids);
                    return links.activeOf(List.of(ref));
                  })
              .map(
                  named -> {
                    named.forEach(l -> byReference.add(l.chartPatientId()));
                    return null;
                  });
    }
    return all.compose(
        v -> {
          if (!byReference.isEmpty()) {
            return Future.succeededFuture(
                new Match(Candidates.BY_REFERENCE_NUMBER, new ArrayList<>(byReference)));
          }
          return q.kanaKey()
              .map(k -> links.patientsByKanaAndBirthdate(k, q.birthdate()))
              .orElse(Future.succeededFuture(List.of()))
              .map(
                  ids ->
                      new Match(
                          ids.isEmpty() ? Candidates.NONE : Candidates.BY_KANA_AND_BIRTHDATE, ids));
        });
  }

  /**
   * The unit's one 照会番号 as the answer's, when the result itself carries none: OQS returns it beside
   * the result in these files (§2.6), and links and card readings look for it in the answer.
   */
  private static JsonObject withReference(JsonObject answer, ConsentedUnit u) {
    JsonArray results = answer.getJsonArray("results", new JsonArray());
    if (u.referenceNumbers().size() == 1
        && results.size() == 1
        && results.getValue(0) instanceof JsonObject r
        && r.getValue("referenceNumber") == null) {
      r.put("referenceNumber", u.referenceNumbers().get(0));
    }
    return answer;
  }

  /** The chart patients a unit may belong to, and how they were found (as {@link Candidates}). */
  private record Match(String by, List<String> patients) {}

  /** What the transaction decided; the rest runs after it committed. */
  private record Step(
      Optional<String> patient,
      Optional<UUID> checkId,
      Optional<LinkOutcome> outcome,
      ConsentedImportSummary summary) {
    static final Step QUEUED =
        new Step(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            ConsentedImportSummary.queuedOne());

    static Step linked(String patient, QualificationCheck check, LinkOutcome outcome) {
      return new Step(
          Optional.of(patient),
          Optional.of(check.id()),
          Optional.of(outcome),
          new ConsentedImportSummary(1, 0, 0, 0, Map.of()));
    }

    static Step skipped(String reason, Optional<String> patient, QualificationCheck check) {
      return new Step(
          patient,
          Optional.of(check.id()),
          Optional.empty(),
          ConsentedImportSummary.skipped(reason));
    }

    /**
     * A unit imported before: its patient's relationship and consent scope are made sure of,
     * nothing else.
     */
    static Step again(QualificationCheck check) {
      return skipped(ConsentedImportSummary.ALREADY_IMPORTED, check.chartPatientId(), check);
    }

    Future<ConsentedImportSummary> after(ConsentedLinking linking, ConsentedUnit u) {
      outcome.ifPresent(linking::linked);
      return patient
          .map(
              p ->
                  linking
                      .relationship(
                          p,
                          checkId.orElseThrow(),
                          u.retrieval().family(),
                          u.consentDate(),
                          u.valid())
                      .map(summary::with))
          .orElse(Future.succeededFuture(summary));
    }
  }
}
