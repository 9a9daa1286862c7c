package jp.oqsgateway.gateway.jobs;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntPredicate;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.failure.Rejection;

/**
 * A kind of job for tests (the real kinds come later): {@code params.count} items; an item at an
 * odd position writes a row into {@code job_test_effect} in its own transaction (outcome {@code
 * written}); one at an even position records its "outside effect" there under a new reference and,
 * after the commit, "sends" it, counted in {@link Effects#sent} (outcome {@code sent}). Tests hold
 * items back to stop a run in the middle.
 */
final class CountingKind implements JobKind {
  static final String CREATE_TABLE =
      "create table if not exists job_test_effect (job_id uuid, position integer,"
          + " reference uuid, primary key (job_id, position))";

  /** What every instance of the kind did, shared across runners on the same database. */
  static final class Effects {
    final Map<UUID, AtomicInteger> sent = new ConcurrentHashMap<>();
    final List<UUID> resumed = new CopyOnWriteArrayList<>();
  }

  private final String name;
  private final Set<String> roles;
  private final boolean writes;
  private final Effects effects;
  private IntPredicate holdInTransaction = p -> false;
  private IntPredicate holdAfterSending = p -> false;
  private IntPredicate failing = p -> false;
  private Function<UUID, List<Event>> announcing = reference -> List.of();
  private Pool readsThrough;
  private final Promise<Void> released = Promise.promise();

  /**
   * @param writes whether items write into {@code job_test_effect} (a gateway's own role cannot
   *     create it: without, every item just ends)
   */
  CountingKind(String name, Set<String> roles, boolean writes, Effects effects) {
    this.name = name;
    this.roles = roles;
    this.writes = writes;
    this.effects = effects;
  }

  /** Items at these positions wait in their open transaction, for ever. */
  CountingKind holdingInTransaction(IntPredicate positions) {
    this.holdInTransaction = positions;
    return this;
  }

  /** Sent items at these positions are never answered: they stay in flight. */
  CountingKind holdingAfterSending(IntPredicate positions) {
    this.holdAfterSending = positions;
    return this;
  }

  /** Items at these positions fail in the kind, after writing their row. */
  CountingKind failingAt(IntPredicate positions) {
    this.failing = positions;
    return this;
  }

  /** Sent items end announcing these events (by the item's reference), when sent or resumed. */
  CountingKind announcing(Function<UUID, List<Event>> events) {
    this.announcing = events;
    return this;
  }

  /**
   * Items read through this pool (a second connection) while they hold their transaction, as the
   * home-visit re-inquiry reads the schedule and the relationships.
   */
  CountingKind readingThrough(Pool pool) {
    this.readsThrough = pool;
    return this;
  }

  /** Lets every held item go on. */
  void release() {
    released.tryComplete();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<String> startRoles() {
    return roles;
  }

  @Override
  public Set<String> outcomes() {
    return Set.of("written", "sent");
  }

  @Override
  public JsonObject validate(JsonObject params) {
    Object count = params.getValue("count", 3);
    if (!(count instanceof Integer n) || n < 0 || n > 10_000) {
      throw Rejection.invalid("params.count", "must be an integer from 0 to 10000");
    }
    return new JsonObject().put("count", count);
  }

  @Override
  public Future<List<ItemDraft>> plan(JsonObject params, PlanContext context) {
    List<ItemDraft> items = new ArrayList<>();
    for (int i = 0; i < params.getInteger("count"); i++) {
      items.add(new ItemDraft(String.format("P-%05d", i), new JsonObject().put("n", i)));
    }
    return Future.succeededFuture(items);
  }

  @Override
  public Future<Processed> process(JobItem item, SqlConnection tx) {
    int position = item.position();
    boolean outside = position % 2 == 0;
    UUID reference = UUID.randomUUID();
    Future<Void> written =
        writes
            ? tx.preparedQuery("insert into job_test_effect values ($1, $2, $3)")
                .execute(Tuple.of(item.jobId(), position, outside ? reference : null))
                .mapEmpty()
            : Future.succeededFuture();
    return written
        .compose(
            v ->
                readsThrough == null
                    ? Future.<Void>succeededFuture()
                    : readsThrough.query("select pg_sleep(0.01)").execute().<Void>mapEmpty())
        .compose(v -> holdInTransaction.test(position) ? hold() : Future.<Void>succeededFuture())
        .compose(
            v ->
                failing.test(position)
                    ? Future.failedFuture(new IllegalStateException("the kind broke"))
                    : Future.succeededFuture())
        .map(
            v ->
                outside
                    ? Processed.dispatched(reference, () -> send(reference, position))
                    : Processed.finished(ItemOutcome.done("written")));
  }

  private Future<ItemOutcome> send(UUID reference, int position) {
    effects.sent.computeIfAbsent(reference, r -> new AtomicInteger()).incrementAndGet();
    Future<Void> answered = holdAfterSending.test(position) ? hold() : Future.succeededFuture();
    return answered.map(ItemOutcome.done("sent").announcing(announcing.apply(reference)));
  }

  private Future<Void> hold() {
    return released.future();
  }

  @Override
  public Future<ItemOutcome> resume(JobItem item) {
    UUID reference = item.reference().orElseThrow();
    effects.resumed.add(reference);
    return Future.succeededFuture(
        ItemOutcome.done("sent", "followed after a restart")
            .announcing(announcing.apply(reference)));
  }
}
