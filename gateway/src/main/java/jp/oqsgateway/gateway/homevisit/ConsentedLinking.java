package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Consumer;
import jp.oqsgateway.gateway.patients.LinkOutcome;
import jp.oqsgateway.gateway.patients.PatientLink;

/**
 * What follows a consented unit's link, automatic or a person's: a new link is announced (the
 * automatic 照会番号 registration hangs there), and a 訪問診療等 consent opens or refreshes the
 * relationship, while OQS reports the qualification valid. Online care and 医療扶助 open none.
 */
public final class ConsentedLinking {
  private final Consumer<PatientLink> onLinkCreated;
  private final ConsentedRelationships relationships;

  /**
   * @param onLinkCreated called once a new link committed (the gateway passes its reference-number
   *     registrations' {@code onLinkCreated}, which registers when so configured)
   * @param defaultForm the care form of a relationship opened for a patient who has none
   */
  public ConsentedLinking(
      Consumer<PatientLink> onLinkCreated, HomeVisitStore store, CareForm defaultForm) {
    this.onLinkCreated = onLinkCreated;
    this.relationships = new ConsentedRelationships(store, defaultForm);
  }

  void linked(LinkOutcome outcome) {
    if (outcome instanceof LinkOutcome.Created c) {
      onLinkCreated.accept(c.link());
    }
  }

  /** The relationship a linked unit opens or refreshes: a valid 訪問診療等 qualification's only. */
  Future<ConsentedRelationships.Effect> relationship(
      String chartPatientId, String family, Optional<LocalDate> consentDate, boolean valid) {
    if (!family.equals(ConsentedUnit.Retrieval.HOME_VISIT.family())
        || consentDate.isEmpty()
        || !valid) {
      return Future.succeededFuture(ConsentedRelationships.Effect.UNCHANGED);
    }
    return relationships.consented(chartPatientId, consentDate.get());
  }
}
