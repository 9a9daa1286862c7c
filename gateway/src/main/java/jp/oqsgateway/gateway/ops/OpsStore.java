package jp.oqsgateway.gateway.ops;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.link.Exchange;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * The few counts and lists the operations screen reads from the tables others write ({@code
 * oqs_exchange}, {@code qualification_check}, the webhook tables). Read only; ids, kinds, states,
 * classes and times, never a request's or an answer's content.
 */
public final class OpsStore {
  /** Exchange states the list may be asked for. */
  public enum ListedState {
    PENDING,
    OUTCOME_UNKNOWN,
    FAILED
  }

  /** What the overview counts of the exchanges with the terminal. */
  public record ExchangeCounts(
      long pending, long outcomeUnknown, Optional<Instant> oldestPending) {}

  /** One exchange as the operations screen lists it. */
  public record ExchangeRow(
      UUID id,
      String kind,
      String state,
      boolean probe,
      Optional<UUID> retryOf,
      Optional<UUID> retriedBy,
      Instant writtenAt,
      Optional<Instant> pickedUpAt,
      Instant deadlineAt,
      Optional<Instant> finishedAt,
      Optional<String> failureClass) {

    /** An exchange just made (a retry): no retry of its own yet, no failure class. */
    public static ExchangeRow of(Exchange e) {
      return new ExchangeRow(
          e.id(),
          e.kind().name(),
          e.state().name(),
          e.probe(),
          e.retryOf(),
          Optional.empty(),
          e.writtenAt(),
          e.pickedUpAt(),
          e.deadlineAt(),
          e.finishedAt(),
          Optional.empty());
    }
  }

  /** A check that failed: its id, the kind of request, the failure's class, when. */
  public record Failure(
      UUID checkId, String source, Optional<String> kind, String failureReason, Instant at) {}

  /** Webhook delivery health. */
  public record WebhookHealth(
      long activeSubscriptions,
      long undelivered,
      Optional<Instant> oldestUndelivered,
      long givenUp24h) {}

  private static final String FAILURE_CLASS =
      "case e.state when 'OUTCOME_UNKNOWN' then 'outcome-unknown'"
          + " when 'TIMED_OUT' then 'timed-out'"
          + " when 'FAILED' then case when e.picked_up_at is null and e.result_file is null"
          + " then 'not-picked-up' when e.result_file like '%.err' then 'refused-by-terminal'"
          + " else 'unusable-result' end end";

  private final Pool pool;

  public OpsStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Pending exchanges (and the oldest one's write time), and those whose outcome is unknown and
   * that nobody has retried yet: the ones waiting for a person's decision.
   */
  public Future<ExchangeCounts> exchangeCounts() {
    return pool.query(
            "select count(*) filter (where state in ('WRITTEN', 'PICKED_UP')) as pending,"
                + " count(*) filter (where state = 'OUTCOME_UNKNOWN' and not exists"
                + " (select 1 from oqs_exchange r where r.retry_of = e.id)) as unknown,"
                + " min(written_at) filter (where state in ('WRITTEN', 'PICKED_UP')) as oldest"
                + " from oqs_exchange e"
                + " where state in ('WRITTEN', 'PICKED_UP', 'OUTCOME_UNKNOWN')")
        .execute()
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new ExchangeCounts(
                  r.getLong("pending"), r.getLong("unknown"), Rows.instant(r, "oldest"));
            });
  }

  /** The newest {@code limit} exchanges in {@code state} (PENDING: written or picked up). */
  public Future<List<ExchangeRow>> exchanges(ListedState state, int limit) {
    String where =
        switch (state) {
          case PENDING -> "e.state in ('WRITTEN', 'PICKED_UP')";
          case OUTCOME_UNKNOWN -> "e.state = 'OUTCOME_UNKNOWN'";
          case FAILED -> "e.state in ('FAILED', 'TIMED_OUT')";
        };
    return pool.preparedQuery(
            "select e.id, e.kind, e.state, e.probe, e.retry_of, e.written_at, e.picked_up_at,"
                + " e.deadline_at, e.finished_at, "
                + FAILURE_CLASS
                + " as failure_class, (select r.id from oqs_exchange r where r.retry_of = e.id"
                + " order by r.written_at desc limit 1) as retried_by"
                + " from oqs_exchange e where "
                + where
                + " order by e.written_at desc, e.id limit $1")
        .execute(Tuple.of(limit))
        .map(rows -> Rows.all(rows, OpsStore::exchange));
  }

  /** The newest {@code limit} failed checks. */
  public Future<List<Failure>> recentFailures(int limit) {
    return pool.preparedQuery(
            "select c.id, c.source, e.kind, c.failure_reason, coalesce(c.finished_at,"
                + " c.requested_at) as at from qualification_check c"
                + " left join oqs_exchange e on e.id = c.exchange_id"
                + " where c.state = 'FAILED' order by c.finished_at desc nulls last, c.id limit $1")
        .execute(Tuple.of(limit))
        .map(
            rows ->
                Rows.all(
                    rows,
                    r ->
                        new Failure(
                            r.getUUID("id"),
                            r.getString("source"),
                            Optional.ofNullable(r.getString("kind")),
                            Optional.ofNullable(r.getString("failure_reason")).orElse("UNKNOWN"),
                            Rows.instant(r, "at").orElseThrow())));
  }

  /** Active subscriptions, deliveries still to make, and deliveries given up in 24 hours. */
  public Future<WebhookHealth> webhookHealth() {
    return pool.query(
            "select (select count(*) from webhook_subscription where active) as active,"
                + " count(*) filter (where d.delivered_at is null and d.given_up_at is null"
                + " and s.active) as undelivered,"
                + " min(d.created_at) filter (where d.delivered_at is null and d.given_up_at is null"
                + " and s.active) as oldest,"
                + " count(*) filter (where d.given_up_at > now() - interval '24 hours')"
                + " as given_up"
                + " from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id"
                + " where (d.delivered_at is null and d.given_up_at is null)"
                + " or d.given_up_at > now() - interval '24 hours'")
        .execute()
        .map(
            rows -> {
              Row r = rows.iterator().next();
              return new WebhookHealth(
                  r.getLong("active"),
                  r.getLong("undelivered"),
                  Rows.instant(r, "oldest"),
                  r.getLong("given_up"));
            });
  }

  private static ExchangeRow exchange(Row r) {
    return new ExchangeRow(
        r.getUUID("id"),
        r.getString("kind"),
        r.getString("state"),
        r.getBoolean("probe"),
        Optional.ofNullable(r.getUUID("retry_of")),
        Optional.ofNullable(r.getUUID("retried_by")),
        Rows.instant(r, "written_at").orElseThrow(),
        Rows.instant(r, "picked_up_at"),
        Rows.instant(r, "deadline_at").orElseThrow(),
        Rows.instant(r, "finished_at"),
        Optional.ofNullable(r.getString("failure_class")));
  }
}
