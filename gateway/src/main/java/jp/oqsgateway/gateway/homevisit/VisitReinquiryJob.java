package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.jobs.ItemDraft;
import jp.oqsgateway.gateway.jobs.ItemOutcome;
import jp.oqsgateway.gateway.jobs.JobItem;
import jp.oqsgateway.gateway.jobs.JobKind;
import jp.oqsgateway.gateway.jobs.PlanContext;
import jp.oqsgateway.gateway.jobs.Processed;
import jp.oqsgateway.gateway.qualification.QualificationChecks;

/**
 * The nightly re-inquiry of a day's home visits (docs/HOME-VISIT.md, "The nightly re-inquiry"): one
 * item per patient scheduled that day, decided again when it is reached; a blocked patient ends
 * without anything sent, an eligible one gets one re-inquiry (a check created in the item's
 * transaction, sent after its commit) whose answer is compared with the last known one ({@link
 * ReinquiryFollowUp}).
 */
public final class VisitReinquiryJob implements JobKind {
  public static final String NAME = "home-visit-reinquiry";

  static final String NOT_SCHEDULED = "not-scheduled";
  private static final Set<String> PARAMS = Set.of("date", "team", "chartPatientIds");
  private static final int MAX_PATIENTS = 1000;
  private static final int MAX_TEXT = 100;

  private final VisitScheduleStore schedule;
  private final VisitsDue due;
  private final HomeVisits homeVisits;
  private final QualificationChecks checks;
  private final ReinquiryFollowUp followUp;

  public VisitReinquiryJob(
      VisitScheduleStore schedule,
      VisitsDue due,
      HomeVisits homeVisits,
      QualificationChecks checks,
      ReinquiryFollowUp followUp) {
    this.schedule = schedule;
    this.due = due;
    this.homeVisits = homeVisits;
    this.checks = checks;
    this.followUp = followUp;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> outcomes() {
    return Set.of(
        ReinquiryFollowUp.UNCHANGED,
        ReinquiryFollowUp.CHANGED,
        ReinquiryFollowUp.REFUSED,
        ReinquiryFollowUp.FAILED,
        ReinquiryPlan.NOT_ELIGIBLE_REASON,
        ReinquiryPlan.NO_NUMBERS,
        ReinquiryPlan.BRANCH_MISSING,
        NOT_SCHEDULED);
  }

  /**
   * {@code date} (yyyy-MM-dd; default tomorrow in {@code oqs.time-zone}), {@code team}, {@code
   * chartPatientIds} (only these patients).
   */
  @Override
  public JsonObject validate(JsonObject params) {
    for (String field : params.fieldNames()) {
      if (!PARAMS.contains(field)) {
        throw Rejection.invalid(
            "params." + field, "is not a parameter of " + NAME + " (date, team, chartPatientIds)");
      }
    }
    JsonObject valid = new JsonObject().put("date", date(params.getValue("date")).toString());
    Object team = params.getValue("team");
    if (team != null) {
      if (!(team instanceof String t) || t.isBlank() || t.length() > MAX_TEXT) {
        throw Rejection.invalid("params.team", "must be a team name of 1 to 100 characters");
      }
      valid.put("team", t);
    }
    Object ids = params.getValue("chartPatientIds");
    if (ids != null) {
      valid.put("chartPatientIds", patients(ids));
    }
    return valid;
  }

  private LocalDate date(Object raw) {
    if (raw == null) {
      return homeVisits.today().plusDays(1);
    }
    try {
      if (raw instanceof String s && s.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return LocalDate.parse(s);
      }
    } catch (DateTimeParseException e) {
      // the same answer as any other malformed date
    }
    throw Rejection.invalid("params.date", "must be a date as yyyy-MM-dd");
  }

  private static JsonArray patients(Object raw) {
    String rule = "must be a list of 1 to 1000 chart patient ids of 1 to 100 characters";
    if (!(raw instanceof JsonArray list) || list.isEmpty() || list.size() > MAX_PATIENTS) {
      throw Rejection.invalid("params.chartPatientIds", rule);
    }
    for (Object id : list) {
      if (!(id instanceof String s) || s.isEmpty() || s.length() > MAX_TEXT) {
        throw Rejection.invalid("params.chartPatientIds", rule);
      }
    }
    return list.copy();
  }

  /** One item per patient with an active visit that day (several visits: once), in order. */
  @Override
  public Future<List<ItemDraft>> plan(JsonObject params, PlanContext context) {
    LocalDate day = LocalDate.parse(params.getString("date"));
    Optional<Set<Object>> only =
        Optional.ofNullable(params.getJsonArray("chartPatientIds"))
            .map(a -> new LinkedHashSet<>(a.getList()));
    return schedule
        .day(day, Optional.ofNullable(params.getString("team")))
        .map(
            visits -> {
              Set<String> patients = new LinkedHashSet<>();
              visits.stream()
                  .map(ScheduledVisit::chartPatientId)
                  .filter(p -> only.map(o -> o.contains(p)).orElse(true))
                  .forEach(patients::add);
              JsonObject payload = new JsonObject().put("date", day.toString());
              return patients.stream().map(p -> new ItemDraft(p, payload.copy())).toList();
            });
  }

  /**
   * Decides again now; a blocked patient ends here (nothing is created, nothing reaches {@code
   * req/}), an eligible one's re-inquiry is stored within {@code tx} and sent after its commit.
   */
  @Override
  public Future<Processed> process(JobItem item, SqlConnection tx) {
    LocalDate day = LocalDate.parse(item.payload().getString("date"));
    return due.ofPatient(day, item.key())
        .compose(
            visits -> {
              if (visits.isEmpty()) {
                return Future.succeededFuture(
                    Processed.finished(
                        ItemOutcome.done(NOT_SCHEDULED, "no active visit on the day any more")));
              }
              Optional<VisitsDue.Due> sendable =
                  visits.stream().filter(d -> d.plan().request().isPresent()).findFirst();
              if (sendable.isEmpty()) {
                return Future.succeededFuture(Processed.finished(blocked(visits, day)));
              }
              return checks
                  .createWithin(
                      tx,
                      sendable.get().plan().request().get(),
                      ReinquiryFollowUp.SOURCE,
                      "job:" + item.jobId(),
                      Optional.empty(),
                      Optional.empty())
                  .map(
                      check ->
                          Processed.dispatched(
                              check.id(),
                              () ->
                                  followUp.send(
                                      check, item.key(), day, sendable.get().relationship())));
            });
  }

  /**
   * Why nothing is sent (a visit blocked by its numbers before one blocked by the rules), with the
   * alert the relationship alone still raises.
   */
  private ItemOutcome blocked(List<VisitsDue.Due> visits, LocalDate day) {
    VisitsDue.Due shown =
        visits.stream()
            .filter(
                d -> !d.plan().blocked().orElseThrow().equals(ReinquiryPlan.NOT_ELIGIBLE_REASON))
            .findFirst()
            .orElse(visits.get(0));
    String outcome = shown.plan().blocked().orElseThrow();
    return followUp.notSent(
        ItemOutcome.done(
            outcome, outcome.equals(ReinquiryPlan.NOT_ELIGIBLE_REASON) ? shown.reason() : outcome),
        shown.visit().chartPatientId(),
        day,
        shown.relationship());
  }

  /** An item is a patient (its key), its reference the re-inquiry's check. */
  @Override
  public boolean itemsNamePatients() {
    return true;
  }

  /** Follows the re-inquiry the item created before the restart; it is never sent again. */
  @Override
  public Future<ItemOutcome> resume(JobItem item) {
    return followUp.resume(
        item.reference().orElseThrow(),
        item.key(),
        LocalDate.parse(item.payload().getString("date")));
  }
}
