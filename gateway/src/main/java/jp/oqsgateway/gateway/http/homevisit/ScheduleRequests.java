package jp.oqsgateway.gateway.http.homevisit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.homevisit.ScheduledVisit;
import jp.oqsgateway.gateway.homevisit.VisitKind;

/**
 * Visits of a schedule request, under the rules the schema cannot judge: a known care form (a care
 * form's API or Japanese name, 往診, online care), a real time, the team (given once for the request
 * or on each visit, never two different ones), and no visit twice. A broken rule is a {@link
 * Rejection#invalid} naming the field, e.g. {@code visits[2].careForm}.
 */
final class ScheduleRequests {
  private ScheduleRequests() {}

  /** The visits of a day's request; {@code team} is the request's own, when it names one. */
  static List<ScheduledVisit.Planned> visits(JsonArray visits, Optional<String> team) {
    List<ScheduledVisit.Planned> planned = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < visits.size(); i++) {
      String field = "visits[" + i + "]";
      JsonObject v = visits.getJsonObject(i);
      Optional<String> own = Optional.ofNullable(v.getString("team"));
      if (team.isPresent() && own.isPresent() && !own.equals(team)) {
        throw Rejection.invalid(field + ".team", "must be the request's team " + team.get());
      }
      String t =
          own.or(() -> team)
              .orElseThrow(() -> Rejection.invalid(field + ".team", "is required without ?team="));
      ScheduledVisit.Planned p = visit(v, t, field + ".");
      String same = p.chartPatientId() + "|" + t + "|" + p.visit();
      if (!seen.add(same)) {
        throw Rejection.invalid(field, "the same visit (patient, care form, team) twice");
      }
      planned.add(p);
    }
    return planned;
  }

  /** One visit; {@code prefix} names its place in the request. */
  static ScheduledVisit.Planned visit(JsonObject v, String team, String prefix) {
    String careForm = v.getString("careForm");
    VisitKind.Named named =
        VisitKind.named(careForm)
            .orElseThrow(
                () ->
                    Rejection.invalid(
                        prefix + "careForm",
                        "unknown care form; one of the CareForm names, 往診 (ojin) or オンライン診療"
                            + " (online)"));
    return new ScheduledVisit.Planned(
        v.getString("chartPatientId"), named, team, time(v.getString("time"), prefix + "time"));
  }

  private static Optional<LocalTime> time(String raw, String field) {
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalTime.parse(raw));
    } catch (DateTimeParseException e) {
      throw Rejection.invalid(field, "must be a time HH:mm");
    }
  }
}
