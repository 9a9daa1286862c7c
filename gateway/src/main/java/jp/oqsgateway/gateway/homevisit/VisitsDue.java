package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.patients.LinkedQualification;
import jp.oqsgateway.gateway.patients.PatientLink;
import jp.oqsgateway.gateway.patients.PatientLinkStore;
import jp.oqsgateway.gateway.qualification.CheckStore;
import jp.oqsgateway.gateway.qualification.QualificationCheck;

/**
 * A day's home-visit work (訪問計画): each scheduled visit with the relationship it is judged by,
 * whether the gateway would send a re-inquiry for it on that day and why ({@link
 * ReinquiryRules#forVisit}: 往診 by the continuing care, online care never), and what the re-inquiry
 * would send ({@link ReinquiryPlan}). The planner screen lists it; the nightly re-inquiry iterates
 * it and sends the request of each {@link Due#plan()} that has one.
 */
public final class VisitsDue {
  /**
   * One scheduled visit and what the rules say about it.
   *
   * @param relationship the relationship the visit is judged by (see {@link HomeVisits#decide})
   * @param eligibility the rule's answer for the visit's kind on its day; empty without a
   *     relationship
   * @param plan what the re-inquiry would send, or why it cannot
   */
  public record Due(
      ScheduledVisit visit,
      Optional<Relationship> relationship,
      Optional<Eligibility> eligibility,
      ReinquiryPlan plan) {

    /** Whether the rules allow a re-inquiry for this visit. */
    public boolean eligible() {
      return eligibility.map(Eligibility::eligible).orElse(false);
    }

    /**
     * The machine-readable reason: {@link Eligibility.Reason#wire()}, {@code no-relationship}, or
     * for online care without a relationship {@code online-care}.
     */
    public String reason() {
      return eligibility
          .map(e -> e.reason().wire())
          .orElse(
              visit.visit().kind() == VisitKind.ONLINE
                  ? Eligibility.Reason.ONLINE_CARE.wire()
                  : NO_RELATIONSHIP);
    }

    /** The sentence for staff, in Japanese. */
    public String message() {
      return eligibility
          .map(e -> e.reason().staffMessage())
          .orElse(
              visit.visit().kind() == VisitKind.ONLINE
                  ? Eligibility.Reason.ONLINE_CARE.staffMessage()
                  : NO_RELATIONSHIP_MESSAGE);
    }
  }

  public static final String NO_RELATIONSHIP = "no-relationship";
  static final String NO_RELATIONSHIP_MESSAGE = "継続的な訪問診療等の関係が記録されていません。初回訪問（居宅での資格確認）を記録してください";

  private final VisitScheduleStore schedule;
  private final HomeVisits homeVisits;
  private final PatientLinkStore links;
  private final CheckStore checks;

  public VisitsDue(
      VisitScheduleStore schedule,
      HomeVisits homeVisits,
      PatientLinkStore links,
      CheckStore checks) {
    this.schedule = schedule;
    this.homeVisits = homeVisits;
    this.links = links;
    this.checks = checks;
  }

  /**
   * The visits scheduled on {@code day} for {@code team} (every team when empty), in the schedule's
   * order (team, time, patient), each with its decision and its re-inquiry.
   */
  public Future<List<Due>> on(LocalDate day, Optional<String> team) {
    return schedule.day(day, team).compose(visits -> judge(day, visits));
  }

  /**
   * One patient's visits on {@code day}, decided now (as {@link #on} would): the nightly re-inquiry
   * decides again when it reaches the patient, as rules or links may have changed since it planned.
   */
  public Future<List<Due>> ofPatient(LocalDate day, String chartPatientId) {
    return schedule.ofPatient(day, chartPatientId).compose(visits -> judge(day, visits));
  }

  /** Judges the visits one after the other, each patient's decision and numbers read once. */
  private Future<List<Due>> judge(LocalDate day, List<ScheduledVisit> visits) {
    List<String> patients = visits.stream().map(ScheduledVisit::chartPatientId).distinct().toList();
    return links
        .activeOf(patients)
        .compose(
            active -> {
              Map<String, LinkedQualification> linked = new HashMap<>();
              for (PatientLink l : active) {
                linked.putIfAbsent(l.chartPatientId(), l.qualification());
              }
              Map<String, Future<HomeVisits.Decision>> decisions = new HashMap<>();
              Map<String, Future<Optional<LinkedQualification>>> known = new HashMap<>();
              Future<List<Due>> all = Future.succeededFuture(new ArrayList<>());
              for (ScheduledVisit v : visits) {
                String p = v.chartPatientId();
                all =
                    all.compose(
                        list ->
                            decisions
                                .computeIfAbsent(p, x -> homeVisits.decide(x, day))
                                .compose(
                                    d ->
                                        due(
                                            day,
                                            v,
                                            d,
                                            () ->
                                                known.computeIfAbsent(
                                                    p,
                                                    x ->
                                                        numbers(
                                                            x,
                                                            Optional.ofNullable(linked.get(x))))))
                                .map(
                                    d -> {
                                      list.add(d);
                                      return list;
                                    }));
              }
              return all;
            });
  }

  private Future<Due> due(
      LocalDate day,
      ScheduledVisit v,
      HomeVisits.Decision decision,
      Supplier<Future<Optional<LinkedQualification>>> numbers) {
    Optional<Relationship> r = decision.relationship();
    Optional<Eligibility> e = r.map(rel -> homeVisits.rules().forVisit(v.visit().kind(), rel, day));
    if (!e.map(Eligibility::eligible).orElse(false)) {
      return Future.succeededFuture(new Due(v, r, e, ReinquiryPlan.NOT_ELIGIBLE));
    }
    return numbers.get().map(q -> new Due(v, r, e, ReinquiryPlan.of(v, r.get(), day, q)));
  }

  /** The patient's numbers: the active link's, else the latest answered check's. */
  private Future<Optional<LinkedQualification>> numbers(
      String chartPatientId, Optional<LinkedQualification> linked) {
    if (linked.isPresent()) {
      return Future.succeededFuture(linked);
    }
    return checks
        .latestAnswered(chartPatientId, Optional.empty(), Optional.empty())
        .map(
            found ->
                found.flatMap(QualificationCheck::result).flatMap(LinkedQualification::fromAnswer));
  }
}
