package jp.oqsgateway.gateway.jobs;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.sql.RowIds;

/**
 * {@code job.progress} events, appended in the transaction that moves the job or its items on: one
 * when a run starts, at most one per {@value #EVERY_ITEMS} items or per interval while it runs, and
 * one at its end. Ids and counts only, never an item's key or payload.
 */
final class ProgressEvents {
  /** Items between two progress events at most. */
  static final int EVERY_ITEMS = 100;

  private final JobStore store;
  private final Outbox outbox;

  ProgressEvents(JobStore store, Outbox outbox) {
    this.store = store;
    this.outbox = outbox;
  }

  /** Appends the job's progress as the transaction sees it. */
  Future<Void> append(SqlConnection tx, UUID jobId, Instant now) {
    return store
        .find(tx, jobId)
        .compose(
            job ->
                outbox.append(
                    tx,
                    new Event(
                        RowIds.next(), EventType.JOB_PROGRESS, now, payload(job.orElseThrow()))));
  }

  /** Appends the events an item's outcome announces, in the transaction that ends the item. */
  Future<Void> announce(SqlConnection tx, List<Event> events) {
    Future<Void> appended = Future.succeededFuture();
    for (Event e : events) {
      appended = appended.compose(v -> outbox.append(tx, e));
    }
    return appended;
  }

  static JsonObject payload(Job job) {
    return new JsonObject()
        .put("jobId", job.id().toString())
        .put("kind", job.kind())
        .put("state", job.state())
        .put("trigger", job.trigger())
        .mergeIn(job.counts().toJson());
  }

  /** When a running job's next progress event is due: throttled by items and by time. */
  static final class Throttle {
    private final Duration interval;
    private int sinceLast;
    private Instant last;

    Throttle(Duration interval, Instant start) {
      this.interval = interval;
      this.last = start;
    }

    /** One more item ended at {@code now}: whether to append a progress event with it. */
    synchronized boolean due(Instant now) {
      sinceLast++;
      if (sinceLast >= EVERY_ITEMS || !now.isBefore(last.plus(interval))) {
        sinceLast = 0;
        last = now;
        return true;
      }
      return false;
    }
  }
}
