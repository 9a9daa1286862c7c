package jp.oqsgateway.gateway.audit;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL for {@code audit_read} and its chain anchors: insert and read, nothing else (the tables
 * refuse the rest). Rows form a hash chain ({@link AuditChain}), checked by {@link
 * AuditChainVerifier}.
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

  /**
   * The transaction-scoped advisory lock every writer takes before reading the chain head, so two
   * inserts can never chain onto the same predecessor. Any fixed number works; this one spells
   * "oqsaudit".
   */
  static final long CHAIN_LOCK = 0x6f71736175646974L;

  private final Pool pool;
  private final ZoneId zone;

  /**
   * @param zone where a day of the chain begins and ends (the clinic's)
   */
  public AuditStore(Pool pool, ZoneId zone) {
    this.pool = pool;
    this.zone = zone;
  }

  /**
   * Appends a row to the chain: under the chain lock, reads the head (the row with the highest
   * {@code seq}), hashes the new row onto it and inserts it; the first row of a day also anchors
   * the day in {@code audit_chain_anchor}. One short transaction; the lock is released at commit.
   */
  public Future<Void> record(Entry e) {
    return pool.withTransaction(
            tx ->
                tx.preparedQuery("select pg_advisory_xact_lock($1)")
                    .execute(Tuple.of(CHAIN_LOCK))
                    .compose(
                        locked ->
                            tx.query(
                                    "select seq, chain_day, hash from audit_read"
                                        + " where seq is not null order by seq desc limit 1")
                                .execute())
                    .compose(head -> append(tx, e, head)))
        .mapEmpty();
  }

  private Future<Void> append(SqlConnection tx, Entry e, RowSet<Row> head) {
    Instant readAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    LocalDate today = LocalDate.ofInstant(readAt, zone);
    long seq;
    byte[] prevHash;
    boolean newDay;
    if (head.size() == 0) {
      seq = 1;
      prevHash = AuditChain.GENESIS;
      newDay = true;
    } else {
      Row last = head.iterator().next();
      seq = last.getLong("seq") + 1;
      prevHash = last.getBuffer("hash").getBytes();
      LocalDate lastDay = last.getLocalDate("chain_day");
      // A clock that steps back never reopens a closed day.
      if (today.isBefore(lastDay)) {
        today = lastDay;
      }
      newDay = !today.equals(lastDay);
    }
    LocalDate day = today;
    AuditChain.Link link =
        new AuditChain.Link(
            seq,
            day,
            readAt,
            e.subject(),
            e.roles(),
            e.purpose(),
            e.chartPatientId(),
            e.checkId(),
            Optional.of(e.requestId()),
            e.clientRequestId(),
            e.deliveredTo(),
            e.deskId());
    byte[] hash = link.hash(prevHash);
    return tx.preparedQuery(
            "insert into audit_read (read_at, subject, roles, purpose, chart_patient_id, check_id,"
                + " request_id, client_request_id, delivered_to, desk_id, seq, chain_day,"
                + " prev_hash, hash) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
                + " $13, $14) returning id")
        .execute(
            Tuple.from(
                new Object[] {
                  readAt.atOffset(ZoneOffset.UTC),
                  e.subject(),
                  e.roles().toArray(String[]::new),
                  e.purpose(),
                  e.chartPatientId().orElse(null),
                  e.checkId().orElse(null),
                  e.requestId(),
                  e.clientRequestId().orElse(null),
                  e.deliveredTo().orElse(null),
                  e.deskId().orElse(null),
                  seq,
                  day,
                  Buffer.buffer(prevHash),
                  Buffer.buffer(hash)
                }))
        .compose(
            inserted ->
                newDay
                    ? tx.preparedQuery(
                            "insert into audit_chain_anchor (chain_day, first_seq, first_id,"
                                + " prev_hash) values ($1, $2, $3, $4)")
                        .execute(
                            Tuple.of(
                                day,
                                seq,
                                inserted.iterator().next().getLong("id"),
                                Buffer.buffer(prevHash)))
                        .mapEmpty()
                    : Future.succeededFuture());
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
