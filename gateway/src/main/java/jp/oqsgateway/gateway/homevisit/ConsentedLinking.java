package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import jp.oqsgateway.gateway.patients.LinkOutcome;
import jp.oqsgateway.gateway.patients.PatientLink;

/**
 * What follows a consented unit's link, automatic or a person's: a new link is announced (the
 * automatic 照会番号 registration hangs there), and a 訪問診療等 consent opens or refreshes the
 * relationship, with the consent scope the unit reports, while OQS reports the qualification valid.
 * Online care and 医療扶助 open none.
 */
public final class ConsentedLinking {
  private final Consumer<PatientLink> onLinkCreated;
  private final ConsentedRelationships relationships;
  private final ImportedScopes scopes;

  /**
   * @param onLinkCreated called once a new link committed (the gateway passes its reference-number
   *     registrations' {@code onLinkCreated}, which registers when so configured)
   * @param defaultForm the care form of a relationship opened for a patient who has none
   */
  public ConsentedLinking(
      Consumer<PatientLink> onLinkCreated,
      HomeVisitStore store,
      CareForm defaultForm,
      ImportedScopes scopes) {
    this.onLinkCreated = onLinkCreated;
    this.relationships = new ConsentedRelationships(store, defaultForm);
    this.scopes = scopes;
  }

  void linked(LinkOutcome outcome) {
    if (outcome instanceof LinkOutcome.Created c) {
      onLinkCreated.accept(c.link());
    }
  }

  /**
   * The relationship a linked unit (kept as {@code checkId}) opens or refreshes: a valid 訪問診療等
   * qualification's only; the unit's consent scope is recorded under it.
   */
  Future<ConsentedRelationships.Effect> relationship(
      String chartPatientId,
      UUID checkId,
      String family,
      Optional<LocalDate> consentDate,
      boolean valid) {
    if (!family.equals(ConsentedUnit.Retrieval.HOME_VISIT.family())
        || consentDate.isEmpty()
        || !valid) {
      return Future.succeededFuture(ConsentedRelationships.Effect.UNCHANGED);
    }
    return relationships
        .consented(chartPatientId, consentDate.get())
        .compose(e -> scopes.record(chartPatientId, checkId, consentDate.get()).map(e));
  }
}
