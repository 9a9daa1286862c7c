package jp.oqsgateway.gateway.patients;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.jobs.ItemDraft;
import jp.oqsgateway.gateway.jobs.ItemOutcome;
import jp.oqsgateway.gateway.jobs.JobItem;
import jp.oqsgateway.gateway.jobs.JobKind;
import jp.oqsgateway.gateway.jobs.PlanContext;
import jp.oqsgateway.gateway.jobs.Processed;
import jp.oqsgateway.gateway.sql.RowIds;

/**
 * The bulk 照会番号 registration as the job {@code reference-registration} (docs/JOBS.md): params
 * {@code {chartPatientIds?}} (by default every chart patient with an active link whose
 * qualification carries no 照会番号 and has no registration registered or waiting), one item per {@link
 * #BATCH} patients, each one bulk upload ({@code OQSmuimm}).
 *
 * <p>Exactly once through the registration rows: an item's reference is the bulk id its rows are
 * inserted under before anything is sent. {@link #resume} finds none (nothing was sent: it
 * registers now) or finds them, which the gateway's start follows to their end from their recorded
 * exchanges ({@code RegistrationRecovery}); the item waits for that, and never uploads again.
 */
public final class ReferenceRegistrationJob implements JobKind {
  public static final String NAME = "reference-registration";

  /** Most patients in one item: one bulk upload. */
  static final int BATCH = 500;

  /** Most patients one job may name. */
  static final int MAX_PATIENTS = 10_000;

  static final String REGISTERED = "registered";
  static final String FAILED = "failed";
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration FIRST_WAIT = Duration.ofMinutes(10);

  private final Vertx vertx;
  private final ReferenceRegistrations registrations;

  public ReferenceRegistrationJob(Vertx vertx, ReferenceRegistrations registrations) {
    this.vertx = vertx;
    this.registrations = registrations;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> outcomes() {
    return Set.of(REGISTERED, FAILED);
  }

  @Override
  public JsonObject validate(JsonObject params) {
    for (String key : params.fieldNames()) {
      if (!key.equals("chartPatientIds")) {
        throw Rejection.invalid("params." + key, "is not a param of reference-registration");
      }
    }
    if (!params.containsKey("chartPatientIds")) {
      return new JsonObject();
    }
    if (!(params.getValue("chartPatientIds") instanceof JsonArray ids)
        || ids.isEmpty()
        || ids.size() > MAX_PATIENTS) {
      throw Rejection.invalid(
          "params.chartPatientIds",
          "must be a list of 1 to " + MAX_PATIENTS + " chart patient ids");
    }
    LinkedHashSet<String> unique = new LinkedHashSet<>();
    for (Object id : ids) {
      if (!(id instanceof String s) || s.isBlank() || s.length() > ItemDraft.MAX_KEY_LENGTH) {
        throw Rejection.invalid(
            "params.chartPatientIds",
            "each must be a chart patient id of 1 to " + ItemDraft.MAX_KEY_LENGTH + " characters");
      }
      unique.add(s);
    }
    return new JsonObject().put("chartPatientIds", new JsonArray(new ArrayList<>(unique)));
  }

  @Override
  public Future<List<ItemDraft>> plan(JsonObject params, PlanContext context) {
    Future<List<String>> patients =
        params.containsKey("chartPatientIds")
            ? Future.succeededFuture(
                params.getJsonArray("chartPatientIds").stream().map(String.class::cast).toList())
            : registrations.unregistered();
    return patients.map(
        all -> {
          List<ItemDraft> items = new ArrayList<>();
          for (int from = 0; from < all.size(); from += BATCH) {
            List<String> batch = all.subList(from, Math.min(all.size(), from + BATCH));
            items.add(
                new ItemDraft(
                    "patients-" + (from + 1) + "-" + (from + batch.size()),
                    new JsonObject().put("chartPatientIds", new JsonArray(batch))));
          }
          return items;
        });
  }

  @Override
  public Future<Processed> process(JobItem item, SqlConnection tx) {
    List<String> patients = patients(item);
    UUID bulkId = RowIds.next();
    String by = "job:" + item.jobId();
    return Future.succeededFuture(
        Processed.dispatched(
            bulkId,
            () ->
                registrations
                    .registerBulk(patients, by, FIRST_WAIT, bulkId)
                    .compose(o -> settled(bulkId, patients.size()))));
  }

  @Override
  public Future<ItemOutcome> resume(JobItem item) {
    UUID bulkId = item.reference().orElseThrow();
    List<String> patients = patients(item);
    return registrations
        .ofBulk(bulkId)
        .compose(
            rows ->
                rows.isEmpty()
                    // the rows come before the upload: none, nothing was sent
                    ? registrations
                        .registerBulk(patients, "job:" + item.jobId(), FIRST_WAIT, bulkId)
                        .compose(o -> settled(bulkId, patients.size()))
                    : settled(bulkId, patients.size()));
  }

  /** The item's outcome once none of its rows waits any more (the gateway follows them). */
  private Future<ItemOutcome> settled(UUID bulkId, int patients) {
    return registrations
        .ofBulk(bulkId)
        .compose(
            rows -> {
              if (rows.stream().anyMatch(r -> r.state() == ReferenceRegistration.State.WAITING)) {
                Promise<Void> later = Promise.promise();
                vertx.setTimer(POLL.toMillis(), t -> later.complete());
                return later.future().compose(v -> settled(bulkId, patients));
              }
              long registered =
                  rows.stream()
                      .filter(r -> r.state() == ReferenceRegistration.State.REGISTERED)
                      .count();
              String detail =
                  "registered "
                      + registered
                      + ", failed "
                      + (rows.size() - registered)
                      + ", not sent "
                      + (patients - rows.size());
              return Future.succeededFuture(
                  registered == 0 && patients > 0
                      ? ItemOutcome.failed(FAILED, detail)
                      : ItemOutcome.done(REGISTERED, detail));
            });
  }

  private static List<String> patients(JobItem item) {
    return item.payload().getJsonArray("chartPatientIds").stream().map(String.class::cast).toList();
  }
}
