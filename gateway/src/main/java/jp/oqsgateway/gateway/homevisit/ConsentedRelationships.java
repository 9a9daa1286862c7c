package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.List;

/**
 * The home-visit relationship an imported 訪問診療等 consent opens or refreshes (docs/HOME-VISIT.md):
 * the consent was given at the first visit at home, so its date is the first visit. A patient with
 * active relationships has each of them refreshed, when the consent is newer than their first
 * visit; a patient without one gets one of the default care form.
 */
final class ConsentedRelationships {
  /** What happened to the patient's relationships. */
  enum Effect {
    OPENED,
    REFRESHED,
    UNCHANGED
  }

  static final String CREATED_BY = "gateway:consented-import";

  private final HomeVisitStore store;
  private final CareForm defaultForm;

  ConsentedRelationships(HomeVisitStore store, CareForm defaultForm) {
    this.store = store;
    this.defaultForm = defaultForm;
  }

  Future<Effect> consented(String chartPatientId, LocalDate consentDate) {
    return store
        .ofPatient(chartPatientId)
        .compose(
            all -> {
              List<Relationship> active = all.stream().filter(Relationship::active).toList();
              if (active.isEmpty()) {
                return store
                    .create(chartPatientId, defaultForm, consentDate, CREATED_BY)
                    .compose(c -> refreshed(c, consentDate));
              }
              Future<Effect> done = Future.succeededFuture(Effect.UNCHANGED);
              for (Relationship r : active) {
                done = done.compose(e -> refresh(r, consentDate).map(f -> stronger(e, f)));
              }
              return done;
            });
  }

  /** A relationship created meanwhile by someone else is refreshed like any other. */
  private Future<Effect> refreshed(HomeVisitStore.Change c, LocalDate consentDate) {
    if (c.status() == HomeVisitStore.Status.DONE) {
      return Future.succeededFuture(Effect.OPENED);
    }
    return c.relationship()
        .map(r -> refresh(r, consentDate))
        .orElse(Future.succeededFuture(Effect.UNCHANGED));
  }

  private Future<Effect> refresh(Relationship r, LocalDate consentDate) {
    if (!consentDate.isAfter(r.firstVisitDate())) {
      return Future.succeededFuture(Effect.UNCHANGED);
    }
    return store
        .newFirstVisit(r.id(), consentDate)
        .map(c -> c.status() == HomeVisitStore.Status.DONE ? Effect.REFRESHED : Effect.UNCHANGED);
  }

  /** Opened before refreshed before unchanged. */
  private static Effect stronger(Effect a, Effect b) {
    return a.ordinal() < b.ordinal() ? a : b;
  }
}
