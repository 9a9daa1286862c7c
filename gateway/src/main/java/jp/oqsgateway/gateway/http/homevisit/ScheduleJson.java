package jp.oqsgateway.gateway.http.homevisit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import jp.oqsgateway.gateway.homevisit.ReinquiryRuns;
import jp.oqsgateway.gateway.homevisit.ScheduledVisit;
import jp.oqsgateway.gateway.homevisit.VisitsDue;

/**
 * A scheduled visit as the API shows it (schema {@code ScheduledHomeVisit}), and in a day's listing
 * with its re-inquiry decision ({@code reinquiry}). The insurance numbers a re-inquiry would send
 * are not shown: only whether it can be sent and why not.
 */
final class ScheduleJson {
  private ScheduleJson() {}

  static JsonObject visit(ScheduledVisit v) {
    JsonObject json =
        new JsonObject()
            .put("id", v.id().toString())
            .put("chartPatientId", v.chartPatientId())
            .put("date", v.date().toString())
            .put("team", v.team())
            .put("visitKind", ScheduledVisit.wire(v.visit().kind()))
            .put("careForm", v.visit().careForm().wire())
            .put("label", v.label())
            .put("createdAt", v.createdAt().toString())
            .put("createdBy", v.createdBy());
    v.time().ifPresent(t -> json.put("time", t.toString()));
    return json;
  }

  static JsonObject of(VisitsDue.Due d) {
    JsonObject reinquiry =
        new JsonObject()
            .put("on", d.visit().date().toString())
            .put("eligible", d.eligible())
            .put("reason", d.reason())
            .put("message", d.message())
            .put("sendable", d.plan().request().isPresent());
    d.eligibility()
        .ifPresent(
            e -> {
              reinquiry.put("windowEnd", e.windowEnd().toString());
              e.missingClaim().ifPresent(m -> reinquiry.put("missingClaimMonth", m.toString()));
            });
    d.relationship().ifPresent(r -> reinquiry.put("relationshipId", r.id().toString()));
    d.plan().blocked().ifPresent(b -> reinquiry.put("blocked", b));
    return visit(d.visit()).put("reinquiry", reinquiry);
  }

  /** As {@link #of(VisitsDue.Due)}, with the nightly re-inquiry's latest run when there is one. */
  static JsonObject of(VisitsDue.Due d, Optional<ReinquiryRuns.LastRun> lastRun) {
    JsonObject json = of(d);
    lastRun.ifPresent(r -> json.put("lastRun", lastRun(r)));
    return json;
  }

  private static JsonObject lastRun(ReinquiryRuns.LastRun r) {
    JsonObject json =
        new JsonObject()
            .put("jobId", r.jobId().toString())
            .put("outcome", r.outcome())
            .put("finishedAt", r.finishedAt().toString());
    r.checkId().ifPresent(c -> json.put("checkId", c.toString()));
    if (!r.alerted().isEmpty()) {
      JsonArray items = new JsonArray();
      r.alerted()
          .forEach(
              k ->
                  items.add(
                      new JsonObject()
                          .put("kind", k.wire())
                          .put("message", k.ja())
                          .put("messageEn", k.en())));
      json.put("alert", new JsonObject().put("items", items));
    }
    return json;
  }
}
