package jp.oqsgateway.gateway.qualification;

import io.vertx.core.json.JsonObject;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;

/**
 * The events a check emits when it leaves WAITING. Payloads carry ids and codes only: the chart
 * system GETs the check for the qualification itself (names and insurance numbers stay out of the
 * outbox and of every receiver's logs).
 */
public final class CheckEvents {
  private CheckEvents() {}

  /** {@code check.answered} or {@code check.failed} for a check that just became final. */
  public static Event finished(QualificationCheck check) {
    JsonObject data =
        new JsonObject()
            .put("checkId", check.id().toString())
            .put("source", check.source())
            .put("state", check.state().name());
    check.chartPatientId().ifPresent(id -> data.put("chartPatientId", id));
    check.desk().ifPresent(d -> data.put("desk", d));
    if (check.request().getString("treatment") != null) {
      data.put("treatment", check.request().getString("treatment"));
    }
    if (check.queuedAt().isPresent()) {
      data.put("queued", true);
    }
    if (check.state() == CheckState.ANSWERED) {
      check
          .result()
          .ifPresent(
              r -> {
                putCode(data, "qualificationValidity", r.getValue("qualificationValidity"));
                putCode(data, "processingResultStatus", r.getValue("processingResultStatus"));
              });
      return Event.of(EventType.CHECK_ANSWERED, data);
    }
    check.failure().ifPresent(f -> data.put("failureReason", f.name()));
    return Event.of(EventType.CHECK_FAILED, data);
  }

  /**
   * {@code check.queued}: OQS is unreachable, so the check waits for an automatic re-run; {@code
   * staleServed} says whether the last known answer was served meanwhile ({@code staleCheckId}).
   */
  public static Event queued(QualificationCheck check) {
    JsonObject data =
        new JsonObject()
            .put("checkId", check.id().toString())
            .put("source", check.source())
            .put("state", check.state().name())
            .put("staleServed", check.stale().isPresent());
    check.stale().ifPresent(s -> data.put("staleCheckId", s.of().toString()));
    check.chartPatientId().ifPresent(id -> data.put("chartPatientId", id));
    return Event.of(EventType.CHECK_QUEUED, data);
  }

  /**
   * {@code qualification.changed}: the answer of a check queued while OQS was unreachable differs
   * from the stale answer served then, in the named fields (names only, never values).
   */
  public static Event changed(QualificationCheck check, java.util.List<String> fields) {
    JsonObject data =
        new JsonObject()
            .put("checkId", check.id().toString())
            .put("fields", new io.vertx.core.json.JsonArray(fields));
    check.stale().ifPresent(s -> data.put("staleCheckId", s.of().toString()));
    check.chartPatientId().ifPresent(id -> data.put("chartPatientId", id));
    return Event.of(EventType.QUALIFICATION_CHANGED, data);
  }

  private static void putCode(JsonObject data, String field, Object coded) {
    if (coded instanceof JsonObject c && c.getString("code") != null) {
      data.put(field, c.getString("code"));
    }
  }
}
