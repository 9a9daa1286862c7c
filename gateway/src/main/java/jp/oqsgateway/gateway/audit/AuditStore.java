package jp.oqsgateway.gateway.audit;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * SQL for {@code audit_read} and its chain anchors: insert and read, nothing else (the tables
 * refuse the rest). Rows form a hash chain ({@link AuditChain}), appended in groups ({@link
 * GroupCommit}, {@link ChainAppends}) and checked by {@link AuditChainVerifier}.
 */
public final class AuditStore {
  /** One recorded read. Ids only: no names, no numbers. */
  public record Read(
      long id,
      Instant readAt,
      String subject,
      List<String> roles,
      String purpose,
      Optional<String> chartPatientId,
      Optional<UUID> checkId,
      Optional<String> requestId,
      Optional<String> clientRequestId,
      Optional<String> deliveredTo,
      Optional<String> deskId) {}

  /**
   * A read to record, before its data is sent.
   *
   * @param requestId the id the gateway generated for the request (or the delivery)
   * @param clientRequestId the caller's own {@code X-Request-Id}, kept beside ours
   * @param deliveredTo who the data was sent to when it was pushed rather than asked for (a webhook
   *     subscription)
   * @param deskId the reception desk of a card check whose result was pushed
   */
  public record Entry(
      String subject,
      List<String> roles,
      String purpose,
      Optional<String> chartPatientId,
      Optional<UUID> checkId,
      String requestId,
      Optional<String> clientRequestId,
      Optional<String> deliveredTo,
      Optional<String> deskId) {}

  private final Pool pool;
  private final GroupCommit<Entry> commits;

  /**
   * @param zone where a day of the chain begins and ends (the clinic's)
   * @param registry where the rows per commit are counted
   * @param commitWait how long a commit of a few rows right after another waits for more (setting
   *     {@code audit.commit-wait}; zero: never), on {@code vertx}'s timers
   */
  public AuditStore(
      Pool pool, ZoneId zone, MeterRegistry registry, Duration commitWait, Vertx vertx) {
    this(
        pool,
        zone,
        registry,
        commitWait,
        (delay, task) -> vertx.setTimer(Math.max(1, delay.toMillis()), id -> task.run()));
  }

  /** A store whose commits never wait for more rows. */
  public AuditStore(Pool pool, ZoneId zone, MeterRegistry registry) {
    this(pool, zone, registry, Duration.ZERO, (delay, task) -> task.run());
  }

  private AuditStore(
      Pool pool,
      ZoneId zone,
      MeterRegistry registry,
      Duration commitWait,
      BiConsumer<Duration, Runnable> later) {
    this.pool = pool;
    this.commits =
        new GroupCommit<>(new ChainAppends(pool, zone)::append, commitWait, later, registry);
  }

  /**
   * Appends a row to the chain; the future completes when the row is committed. Rows recorded while
   * a commit is in flight are written together by the next one ({@link GroupCommit}).
   */
  public Future<Void> record(Entry e) {
    return commits.add(e);
  }

  /** Reads, oldest first, optionally of one patient and from a time on. */
  public Future<List<Read>> find(
      Optional<String> chartPatientId, Optional<Instant> from, int limit) {
    return pool.preparedQuery(
            "select id, read_at, subject, roles, purpose, chart_patient_id, check_id, request_id,"
                + " client_request_id, delivered_to, desk_id from audit_read where ($1::text is null or chart_patient_id = $1)"
                + " and ($2::timestamptz is null or read_at >= $2) order by id limit $3")
        .execute(
            Tuple.of(
                chartPatientId.orElse(null),
                from.map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null),
                limit))
        .map(
            rows -> {
              List<Read> reads = new ArrayList<>();
              rows.forEach(
                  r ->
                      reads.add(
                          new Read(
                              r.getLong("id"),
                              instant(r.getOffsetDateTime("read_at")),
                              r.getString("subject"),
                              List.of(r.getArrayOfStrings("roles")),
                              r.getString("purpose"),
                              Optional.ofNullable(r.getString("chart_patient_id")),
                              Optional.ofNullable(r.getUUID("check_id")),
                              Optional.ofNullable(r.getString("request_id")),
                              Optional.ofNullable(r.getString("client_request_id")),
                              Optional.ofNullable(r.getString("delivered_to")),
                              Optional.ofNullable(r.getString("desk_id")))));
              return reads;
            });
  }

  private static Instant instant(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
  }
}
