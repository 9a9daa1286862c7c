package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.qualification.CheckEndParticipant;
import jp.oqsgateway.gateway.qualification.CheckState;
import jp.oqsgateway.gateway.qualification.QualificationCheck;
import jp.oqsgateway.gateway.qualification.QualificationChecks;

/**
 * Keeps the consent scope of every My Number-based answer, in the transaction that ends its check:
 * a card or face reading (ReferenceClassification 1) and a home-visit re-inquiry OQS answered on
 * the first visit's consent. A check by insurance numbers alone records nothing: it carries no
 * consent to drug, clinical or health-check information (OQS-PROTOCOL.md §4.4).
 */
public final class ConsentRecording implements CheckEndParticipant {
  private final ConsentScopes scopes;

  public ConsentRecording(ConsentScopes scopes) {
    this.scopes = scopes;
  }

  /** Joins the transaction that ends each check (before the checks resume after a restart). */
  public void attach(QualificationChecks checks) {
    checks.joinEnding(this);
  }

  @Override
  public Future<Runnable> join(SqlConnection tx, QualificationCheck check) {
    Optional<ConsentScope.Basis> basis = basis(check);
    Optional<JsonObject> result = check.result().flatMap(ConsentScope::firstResult);
    if (basis.isEmpty() || result.isEmpty()) {
      return Future.succeededFuture(NOTHING);
    }
    Optional<UUID> relationship =
        Optional.ofNullable(check.request().getString("homeVisitRelationshipId"))
            .map(UUID::fromString);
    Instant at = check.finishedAt().orElseGet(Instant::now);
    return scopes
        .record(
            tx,
            check.chartPatientId(),
            Optional.of(check.id()),
            relationship,
            ConsentScope.fromResult(result.get(), basis.get(), at))
        .map(id -> NOTHING);
  }

  /** What the answer's consent rests on, or empty when it carries none worth keeping. */
  static Optional<ConsentScope.Basis> basis(QualificationCheck check) {
    if (check.state() != CheckState.ANSWERED || ReinquiryOutcomes.refusal(check).isPresent()) {
      return Optional.empty();
    }
    JsonObject answer = check.result().orElse(new JsonObject());
    if (ConsentScope.code(answer, "referenceClassification").filter("1"::equals).isPresent()) {
      return Optional.of(ConsentScope.Basis.CARD);
    }
    return check.request().containsKey("homeVisitRelationshipId")
        ? Optional.of(ConsentScope.Basis.REINQUIRY)
        : Optional.empty();
  }
}
