package jp.oqsgateway.gateway.patients;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.oqs.link.OqsLink;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.OqsMessage;
import jp.oqsgateway.gateway.oqs.message.QualificationResultMessage;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.qualification.CheckState;
import jp.oqsgateway.gateway.qualification.CheckStore;
import jp.oqsgateway.gateway.qualification.QualificationCheck;
import jp.oqsgateway.gateway.qualification.diff.ChartInsuranceRecord;
import jp.oqsgateway.gateway.qualification.diff.DiffReport;
import jp.oqsgateway.gateway.qualification.diff.InsuranceDiff;

/**
 * Qualifications from the chart patient's side: the latest one, links between qualifications and
 * chart patients, candidates for card readings nobody linked yet, and the diff against the chart's
 * record. Failures a caller can act on are {@link Rejection}s.
 */
public final class PatientQualifications {
  /** A comparison of the chart's record with a qualification, and the check it was made with. */
  public record Comparison(QualificationCheck check, DiffReport report) {}

  private final CheckStore checks;
  private final PatientLinkStore links;
  private final OqsLink link;
  private final Duration freshFor;
  private final ZoneId zone;
  private final Clock clock;

  public PatientQualifications(
      CheckStore checks,
      PatientLinkStore links,
      OqsLink link,
      Duration freshFor,
      ZoneId zone,
      Clock clock) {
    this.checks = checks;
    this.links = links;
    this.link = link;
    this.freshFor = freshFor;
    this.zone = zone;
    this.clock = clock;
  }

  /** The newest answered check of the patient (see {@link CheckStore#latestAnswered}). */
  public Future<LatestQualification> latest(
      String chartPatientId, Optional<LocalDate> asOf, Optional<String> source) {
    return checks
        .latestAnswered(chartPatientId, asOf, source)
        .map(
            found ->
                LatestQualification.of(
                    found.orElseThrow(PatientQualifications::noQualification),
                    clock.instant(),
                    freshFor));
  }

  public Future<List<PatientLink>> links(String chartPatientId) {
    return links.ofPatient(chartPatientId);
  }

  /**
   * Links the qualification the check answered to the patient: {@link LinkOutcome.Created} or
   * {@link LinkOutcome.AlreadyLinked}; rejected (conflict, naming the other patient's ids) when
   * another chart patient holds it.
   */
  public Future<LinkOutcome> link(String chartPatientId, UUID checkId, String linkedBy) {
    return answered(checkId)
        .compose(
            check -> {
              LinkedQualification q =
                  LinkedQualification.fromAnswer(check.result().orElseThrow())
                      .orElseThrow(
                          () ->
                              Rejection.conflict(
                                      "no-single-qualification",
                                      "No single qualification",
                                      "the check's answer holds no qualification or several"
                                          + " (複数該当); check with the card's branch number first")
                                  .onField("checkId"));
              return links.link(chartPatientId, checkId, q, linkedBy);
            })
        .compose(
            outcome ->
                outcome instanceof LinkOutcome.HeldByAnother h
                    ? Future.failedFuture(heldByAnother(chartPatientId, checkId, h))
                    : Future.succeededFuture(outcome));
  }

  private static Rejection heldByAnother(
      String chartPatientId, UUID checkId, LinkOutcome.HeldByAnother h) {
    Map<String, String> ids = new HashMap<>();
    ids.put("chartPatientId", chartPatientId);
    ids.put("linkedChartPatientId", h.otherChartPatientId());
    ids.put("checkId", checkId.toString());
    h.linkId().ifPresent(id -> ids.put("linkId", id.toString()));
    return Rejection.conflict(
            "linked-to-another-patient",
            "Linked to another patient",
            "this qualification is linked to chart patient "
                + h.otherChartPatientId()
                + "; unlink it there first")
        .onField("id")
        .with(ids);
  }

  /** Ends a link; rejected (not found) only when the patient never had it. */
  public Future<Void> unlink(String chartPatientId, UUID linkId, String unlinkedBy) {
    return links
        .unlink(chartPatientId, linkId, unlinkedBy)
        .compose(
            found ->
                found
                    ? Future.succeededFuture()
                    : Future.failedFuture(
                        Rejection.notFound(
                            "linkId", "this chart patient has no link with this id")));
  }

  /**
   * Patients a check's answer may belong to: by 照会番号 first, else by kana and birth date. Refused
   * for a check that already belongs to a patient.
   */
  public Future<Candidates> candidates(UUID checkId) {
    return answered(checkId)
        .compose(
            check -> {
              if (check.chartPatientId().isPresent()) {
                return Future.failedFuture(
                    Rejection.conflict(
                            "already-linked",
                            "Already linked",
                            "the check already belongs to a chart patient")
                        .onField("checkId")
                        .with(Map.of("chartPatientId", check.chartPatientId().get())));
              }
              Optional<LinkedQualification> q =
                  LinkedQualification.fromAnswer(check.result().orElseThrow());
              if (q.isEmpty()) {
                return Future.succeededFuture(
                    new Candidates(checkId, Candidates.NONE, false, List.of()));
              }
              Future<List<String>> byReference =
                  q.get()
                      .referenceNumber()
                      .map(links::patientsByReferenceNumber)
                      .orElse(Future.succeededFuture(List.of()));
              return byReference.compose(
                  ids -> {
                    if (!ids.isEmpty()) {
                      return Future.succeededFuture(
                          new Candidates(
                              checkId, Candidates.BY_REFERENCE_NUMBER, ids.size() == 1, ids));
                    }
                    return q.get()
                        .kanaKey()
                        .map(k -> links.patientsByKanaAndBirthdate(k, q.get().birthdate()))
                        .orElse(Future.succeededFuture(List.of()))
                        .map(
                            byKana ->
                                new Candidates(
                                    checkId,
                                    byKana.isEmpty()
                                        ? Candidates.NONE
                                        : Candidates.BY_KANA_AND_BIRTHDATE,
                                    false,
                                    byKana));
                  });
            });
  }

  /** Compares the chart's record with the patient's latest answered qualification. */
  public Future<Comparison> compare(String chartPatientId, ChartInsuranceRecord chart) {
    return checks
        .latestAnswered(chartPatientId, Optional.empty(), Optional.empty())
        .compose(
            found -> {
              QualificationCheck check = found.orElseThrow(PatientQualifications::noQualification);
              return message(check)
                  .map(
                      message ->
                          new Comparison(
                              check,
                              InsuranceDiff.compare(chart, message, confirmationDate(check))));
            });
  }

  /** Compares the chart's record with the answer of one answered check. */
  public Future<Comparison> compare(QualificationCheck check, ChartInsuranceRecord chart) {
    return message(check)
        .map(m -> new Comparison(check, InsuranceDiff.compare(chart, m, confirmationDate(check))));
  }

  private LocalDate confirmationDate(QualificationCheck check) {
    String d = check.request().getString("confirmationDate");
    return d != null ? LocalDate.parse(d) : check.requestedAt().atZone(zone).toLocalDate();
  }

  /**
   * The answer of an answered check as the typed message: from the exchange's result, or the card
   * reading's file (what alerts before a visit compare, {@code homevisit.VisitAlerts}). Rejected as
   * a conflict when the stored answer cannot be read.
   */
  public Future<QualificationResultMessage> message(QualificationCheck check) {
    Optional<Future<QualificationResultMessage>> recent = recentMessage(check);
    if (recent.isPresent()) {
      return recent.get();
    }
    Future<Optional<CheckStore.StoredDocument>> document =
        check.exchangeId().isPresent()
            ? link.find(check.exchangeId().get())
                .map(
                    ex ->
                        ex.filter(e -> e.resultBytes().isPresent())
                            .map(
                                e ->
                                    new CheckStore.StoredDocument(
                                        e.resultFile().orElse(e.resultStem() + ".xml"),
                                        e.resultBytes().get())))
            : checks.document(check.id());
    return document.map(PatientQualifications::decoded);
  }

  /** {@link #message(QualificationCheck)} of a check whose document was read with it. */
  public Future<QualificationResultMessage> message(CheckStore.AnsweredCheck answered) {
    return recentMessage(answered.check())
        .orElseGet(() -> Future.succeededFuture(decoded(answered.document())));
  }

  /** The answer as the link parsed it lately, when it still remembers it. */
  private Optional<Future<QualificationResultMessage>> recentMessage(QualificationCheck check) {
    return check
        .exchangeId()
        .flatMap(link::recentAnswer)
        .map(
            parsed -> {
              try {
                return Future.succeededFuture(typed(OqsCodec.decode(parsed)));
              } catch (jp.oqsgateway.gateway.oqs.message.OqsFormatException e) {
                return Future.failedFuture(
                    unreadable("it does not decode: " + e.getClass().getSimpleName()));
              }
            });
  }

  private static QualificationResultMessage decoded(Optional<CheckStore.StoredDocument> d) {
    CheckStore.StoredDocument doc =
        d.orElseThrow(
            () -> new IllegalStateException("answered check without its result document"));
    try {
      return typed(OqsCodec.decode(new OqsXmlReader().parse(doc.fileName(), doc.bytes())));
    } catch (jp.oqsgateway.gateway.oqs.xml.OqsXmlException
        | jp.oqsgateway.gateway.oqs.message.OqsFormatException e) {
      throw unreadable("it does not decode: " + e.getClass().getSimpleName());
    }
  }

  private static QualificationResultMessage typed(OqsMessage m) {
    if (m instanceof QualificationResultMessage q) {
      return q;
    }
    throw unreadable("it is a " + m.getClass().getSimpleName());
  }

  /**
   * The stored answer of an answered check cannot be read as a qualification result (e.g. a newer,
   * stricter decoder than the one that stored it): a conflict with the stored state, never a half
   * comparison. The reason names no value from the document.
   */
  private static Rejection unreadable(String why) {
    return Rejection.conflict(
            "unreadable-result",
            "Result cannot be compared",
            "the stored answer of the patient's latest check cannot be compared: " + why)
        .onField("chartPatientId");
  }

  private static Rejection noQualification() {
    return Rejection.of(
            Rejection.Kind.NOT_FOUND,
            "no-qualification",
            "No qualification",
            "no answered qualification check for this chart patient")
        .onField("chartPatientId");
  }

  /** The check, when it is answered; rejected as not found or not answered otherwise. */
  public Future<QualificationCheck> answered(UUID checkId) {
    return checks
        .find(checkId)
        .map(
            found -> {
              QualificationCheck check =
                  found.orElseThrow(() -> Rejection.notFound("checkId", "no check with this id"));
              if (check.state() != CheckState.ANSWERED) {
                throw Rejection.conflict(
                        "check-not-answered",
                        "Check not answered",
                        "the check is "
                            + check.state()
                            + "; only an answered check has a qualification")
                    .onField("checkId");
              }
              return check;
            });
  }
}
