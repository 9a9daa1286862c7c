package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;

/**
 * Recording continuing home-visit relationships under the rules a schema cannot judge: no date in
 * the future, no claimed month after the current one or before the first visit's, no last visit
 * before the first. Every change answers the relationship as it is after, or fails with a {@link
 * Rejection}: the field and rule broken, the relationship not found, one already active for the
 * care form (naming its id), or one that has ended.
 */
public final class RelationshipRecords {
  private final HomeVisits homeVisits;

  public RelationshipRecords(HomeVisits homeVisits) {
    this.homeVisits = homeVisits;
  }

  /** A new active relationship, from its first visit at home. */
  public Future<Relationship> create(
      String chartPatientId, CareForm form, LocalDate firstVisit, String createdBy) {
    return notFuture(firstVisit, "firstVisitDate")
        .compose(day -> homeVisits.store().create(chartPatientId, form, day, createdBy))
        .map(
            change -> {
              Relationship r = change.relationship().orElseThrow();
              return switch (change.status()) {
                case EXISTS ->
                    throw Rejection.conflict(
                            "home-visit-relationship-exists",
                            "Relationship exists",
                            "the patient has an active relationship for this care form; record a"
                                + " new first visit on it, or end it first")
                        .onField("careForm")
                        .with(Map.of("relationshipId", r.id().toString()));
                default -> r;
              };
            });
  }

  public Future<Relationship> find(UUID id) {
    return homeVisits.store().find(id).map(found -> found.orElseThrow(RelationshipRecords::none));
  }

  /** The patient's relationships, active ones first, then the most recently ended. */
  public Future<List<Relationship>> ofPatient(String chartPatientId) {
    return homeVisits.store().ofPatient(chartPatientId);
  }

  /** Records claimed months (repeating a month changes nothing). */
  public Future<Relationship> addClaims(UUID id, List<YearMonth> months, String by) {
    YearMonth now = YearMonth.from(homeVisits.today());
    if (months.stream().anyMatch(m -> m.isAfter(now))) {
      return Future.failedFuture(
          Rejection.invalid("months", "must not be after the current month " + now));
    }
    return homeVisits
        .store()
        .find(id)
        .compose(
            found -> {
              if (found.isPresent()) {
                YearMonth first = YearMonth.from(found.get().firstVisitDate());
                if (months.stream().anyMatch(m -> m.isBefore(first))) {
                  throw Rejection.invalid(
                      "months", "must not be before the first visit's month " + first);
                }
              }
              return homeVisits.store().addClaims(id, months, by).map(RelationshipRecords::after);
            });
  }

  /** A new card-based confirmation at home on {@code day}: the window starts again. */
  public Future<Relationship> newFirstVisit(UUID id, LocalDate day) {
    return notFuture(day, "date")
        .compose(d -> homeVisits.store().newFirstVisit(id, d))
        .map(RelationshipRecords::after);
  }

  /** Ends the relationship after {@code lastDay}; it stays readable. */
  public Future<Relationship> end(UUID id, LocalDate lastDay, String reason, String by) {
    return homeVisits
        .store()
        .find(id)
        .compose(
            found -> {
              if (found.isPresent()
                  && found.get().active()
                  && lastDay.isBefore(found.get().firstVisitDate())) {
                throw Rejection.invalid(
                    "lastVisitDate",
                    "must not be before the first visit " + found.get().firstVisitDate());
              }
              return homeVisits
                  .store()
                  .end(id, lastDay, reason, by)
                  .map(RelationshipRecords::after);
            });
  }

  /**
   * The patient's consent under the relationship withdrawn from {@code w.on()} (not in the future):
   * no re-inquiry and no information retrieval from that day, and a {@code homevisit.alert} (kind
   * {@code consent-withdrawn}) in the same transaction.
   */
  public Future<Relationship> withdrawConsent(UUID id, ConsentWithdrawal w, String by) {
    JsonObject alert =
        new JsonObject()
            .put("kind", "consent-withdrawn")
            .put("withdrawnOn", w.on().toString())
            .put("withdrawnBy", w.by().wire())
            .put("message", Eligibility.Reason.CONSENT_WITHDRAWN.staffMessage());
    w.oqsReason().ifPresent(r -> alert.put("oqsReason", r));
    return notFuture(w.on(), "date")
        .compose(d -> homeVisits.store().find(id))
        .compose(
            found -> {
              found.ifPresent(r -> alert.put("chartPatientId", r.chartPatientId()));
              return homeVisits.store().withdrawConsent(id, w, by, alert);
            })
        .map(RelationshipRecords::after);
  }

  /** The relationship after a change, or why the change was not made. */
  private static Relationship after(HomeVisitStore.Change change) {
    return switch (change.status()) {
      case NOT_FOUND -> throw none();
      case ENDED ->
          throw Rejection.conflict(
              "home-visit-relationship-ended",
              "Relationship ended",
              "the relationship ended on "
                  + change.relationship().flatMap(Relationship::endedOn).orElseThrow()
                  + "; record a new relationship for new care");
      default -> change.relationship().orElseThrow();
    };
  }

  private Future<LocalDate> notFuture(LocalDate day, String field) {
    LocalDate today = homeVisits.today();
    return day.isAfter(today)
        ? Future.failedFuture(
            Rejection.invalid(field, "must not be in the future (today is " + today + ")"))
        : Future.succeededFuture(day);
  }

  private static Rejection none() {
    return Rejection.notFound(null, "no such home-visit relationship");
  }
}
