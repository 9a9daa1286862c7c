package jp.oqsgateway.gateway.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Set;
import jp.oqsgateway.gateway.failure.Rejection;

/**
 * What a kind of job does (docs/JOBS.md): the one interface a batch implements to be planned,
 * processed exactly once, resumed after a crash, scheduled and started through the API.
 *
 * <p>Exactly once is the contract between the runner and the kind:
 *
 * <ul>
 *   <li>An effect inside the gateway's database is written with {@code tx} in {@link #process}; the
 *       runner moves the item on in that same transaction, so the effect and the item's end commit
 *       together or not at all.
 *   <li>An effect outside (a request to OQS) is created as a record with {@code tx} (e.g. a check
 *       created within the transaction) and returned as {@link Processed#dispatched}: the runner
 *       stores its id as the item's reference in that transaction, and only after the commit calls
 *       the follow-up that sends and follows it.
 *   <li>After a crash an item that has its reference is handed to {@link #resume}, which follows
 *       the effect already made; it is never processed again.
 * </ul>
 *
 * Methods are called on a Vert.x context and must not block; names and slugs appear in metric
 * labels, so they are bounded and never carry patient data.
 */
public interface JobKind {
  /** The kind's name as the API, settings and metrics spell it, e.g. {@code patient-import}. */
  String name();

  /**
   * The roles (claim values, e.g. {@code ops}) that may start the kind through the API; at most
   * {@code ops} and {@code clinician} (the operation's roles), and {@code admin} always may.
   */
  default Set<String> startRoles() {
    return Set.of("ops", "clinician");
  }

  /**
   * Whether an item's key is a chart patient id and its reference a check of that patient: a
   * listing of such items tells who was re-inquired and what came of it, a read of patient data,
   * recorded in the read audit (purpose {@code job-items}, one row per item shown) before it is
   * answered.
   */
  default boolean itemsNamePatients() {
    return false;
  }

  /** Whether a second job may start while one of this kind is planned or running. */
  default boolean allowsOverlap() {
    return false;
  }

  /** The outcome slugs {@link #process} and {@link #resume} may end an item with. */
  Set<String> outcomes();

  /**
   * The parameters as the kind will use them (defaults filled in); a scheduled run passes an empty
   * object.
   *
   * @throws Rejection {@link Rejection#invalid} naming the field and the rule
   */
  JsonObject validate(JsonObject params);

  /** The items of a new job, in order; planned atomically with the job itself. */
  Future<List<ItemDraft>> plan(JsonObject params, PlanContext context);

  /** Moves one planned item on, writing its effects with {@code tx} (see the class comment). */
  Future<Processed> process(JobItem item, SqlConnection tx);

  /** Follows the effect an item in flight already made (its reference) to the item's outcome. */
  Future<ItemOutcome> resume(JobItem item);
}
