package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.qualification.ImportedChecks;
import jp.oqsgateway.gateway.qualification.QualificationCheck;

/**
 * The consent scope an imported 訪問診療等 unit brings (drug, clinical, health-check, surgery, 限度額, 特定疾病
 * flags and expiry as OQS reported them), recorded under the relationship the unit opened or
 * refreshed: the active relationships whose first visit is the unit's consent date. Recorded once
 * per imported check (the scope's check id is unique), so importing the unit again, or finishing an
 * import a crash interrupted after the relationship was opened, records it exactly once.
 */
final class ImportedScopes {
  private final Pool pool;
  private final HomeVisitStore relationships;
  private final ConsentScopes scopes;

  ImportedScopes(Pool pool, HomeVisitStore relationships, ConsentScopes scopes) {
    this.pool = pool;
    this.relationships = relationships;
    this.scopes = scopes;
  }

  /** Records the scope of the unit kept as {@code checkId}, linked to {@code chartPatientId}. */
  Future<Void> record(String chartPatientId, UUID checkId, LocalDate consentDate) {
    return relationships
        .ofPatient(chartPatientId)
        .compose(
            all -> {
              List<UUID> opened =
                  all.stream()
                      .filter(Relationship::active)
                      .filter(r -> r.firstVisitDate().equals(consentDate))
                      .map(Relationship::id)
                      .toList();
              if (opened.isEmpty()) {
                return Future.succeededFuture();
              }
              return pool.withTransaction(
                  tx ->
                      ImportedChecks.locked(tx, checkId)
                          .compose(
                              check -> {
                                Optional<JsonObject> result =
                                    check
                                        .flatMap(QualificationCheck::result)
                                        .flatMap(ConsentScope::firstResult);
                                if (result.isEmpty()) {
                                  return Future.succeededFuture();
                                }
                                Instant at =
                                    check
                                        .flatMap(QualificationCheck::finishedAt)
                                        .orElseGet(Instant::now);
                                return scopes
                                    .record(
                                        tx,
                                        Optional.of(chartPatientId),
                                        Optional.of(checkId),
                                        Optional.of(opened.get(0)),
                                        ConsentScope.fromResult(
                                            result.get(), ConsentScope.Basis.IMPORT, at))
                                    .mapEmpty();
                              }));
            });
  }
}
