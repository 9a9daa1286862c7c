package jp.oqsgateway.gateway.audit;

import io.micrometer.core.instrument.MeterRegistry;
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
  private final GroupCommit<Entry> commits;

  /**
   * @param zone where a day of the chain begins and ends (the clinic's)
   * @param registry where the rows per commit are counted
   */
  public AuditStore(Pool pool, ZoneId zone, MeterRegistry registry) {
    this.pool = pool;
    this.zone = zone;
    this.commits = new GroupCommit<>(this::append, registry);
  }

  /**
   * Appends a row to the chain; the future completes when the row is committed. Rows recorded while
   * a commit is in flight are written together by the next one ({@link GroupCommit}).
   */
  public Future<Void> record(Entry e) {
    return commits.add(e);
  }

  /**
   * Appends rows to the chain in one short transaction: under the chain lock, reads the head (the
   * row with the highest {@code seq}), hashes the rows onto it one after another and inserts them
   * in one statement; the first row of a day also anchors the day in {@code audit_chain_anchor}.
   * The lock is released at commit.
   *
   * <p>The head is asked for together with the lock, without waiting for the lock's answer: the
   * connection sends both at once and PostgreSQL runs them in order, so the head's read (its
   * snapshot taken as it begins) still comes after the lock is held, and sees every row a commit
   * that held the lock before it wrote.
   */
  private Future<Void> append(List<Entry> entries) {
    return pool.withTransaction(
            tx -> {
              Future<RowSet<Row>> locked =
                  tx.preparedQuery("select pg_advisory_xact_lock($1)")
                      .execute(Tuple.of(CHAIN_LOCK));
              Future<RowSet<Row>> head =
                  tx.query(
                          "select seq, chain_day, hash from audit_read"
                              + " where seq is not null order by seq desc limit 1")
                      .execute();
              return Future.all(locked, head).compose(both -> append(tx, entries, head.result()));
            })
        .mapEmpty();
  }

  private Future<Void> append(SqlConnection tx, List<Entry> entries, RowSet<Row> head) {
    Instant readAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    LocalDate today = LocalDate.ofInstant(readAt, zone);
    long firstSeq;
    byte[] prevHash;
    boolean newDay;
    if (head.size() == 0) {
      firstSeq = 1;
      prevHash = AuditChain.GENESIS;
      newDay = true;
    } else {
      Row last = head.iterator().next();
      firstSeq = last.getLong("seq") + 1;
      prevHash = last.getBuffer("hash").getBytes();
      LocalDate lastDay = last.getLocalDate("chain_day");
      // A clock that steps back never reopens a closed day.
      if (today.isBefore(lastDay)) {
        today = lastDay;
      }
      newDay = !today.equals(lastDay);
    }
    LocalDate day = today;
    byte[] dayPrevHash = prevHash;
    Columns columns = new Columns(entries.size());
    byte[] prev = prevHash;
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      long seq = firstSeq + i;
      byte[] hash =
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
                  e.deskId())
              .hash(prev);
      columns.set(i, e, seq, prev, hash);
      prev = hash;
    }
    return tx.preparedQuery(
            "insert into audit_read (read_at, subject, roles, purpose, chart_patient_id, check_id,"
                + " request_id, client_request_id, delivered_to, desk_id, seq, chain_day,"
                + " prev_hash, hash) select $1::timestamptz, r.subject, r.roles::text[], r.purpose,"
                + " r.chart_patient_id, r.check_id, r.request_id, r.client_request_id,"
                + " r.delivered_to, r.desk_id, r.seq, $2::date, r.prev_hash, r.hash from unnest($3::text[],"
                + " $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::text[],"
                + " $10::text[], $11::text[], $12::int8[], $13::bytea[], $14::bytea[]) as r(subject,"
                + " roles, purpose, chart_patient_id, check_id, request_id, client_request_id,"
                + " delivered_to, desk_id, seq, prev_hash, hash) order by r.seq returning id, seq")
        .execute(columns.tuple(readAt, day))
        .compose(
            inserted ->
                newDay
                    ? tx.preparedQuery(
                            "insert into audit_chain_anchor (chain_day, first_seq, first_id,"
                                + " prev_hash) values ($1, $2, $3, $4)")
                        .execute(
                            Tuple.of(
                                day,
                                firstSeq,
                                idOf(inserted, firstSeq),
                                Buffer.buffer(dayPrevHash)))
                        .mapEmpty()
                    : Future.succeededFuture());
  }

  private static long idOf(RowSet<Row> inserted, long seq) {
    for (Row r : inserted) {
      if (r.getLong("seq") == seq) {
        return r.getLong("id");
      }
    }
    throw new IllegalStateException("the insert returned no row of seq " + seq);
  }

  /** The rows of one insert, column by column (one array parameter each). */
  private static final class Columns {
    final String[] subject;
    final String[] roles;
    final String[] purpose;
    final String[] chartPatientId;
    final UUID[] checkId;
    final String[] requestId;
    final String[] clientRequestId;
    final String[] deliveredTo;
    final String[] deskId;
    final Long[] seq;
    final Buffer[] prevHash;
    final Buffer[] hash;

    Columns(int n) {
      subject = new String[n];
      roles = new String[n];
      purpose = new String[n];
      chartPatientId = new String[n];
      checkId = new UUID[n];
      requestId = new String[n];
      clientRequestId = new String[n];
      deliveredTo = new String[n];
      deskId = new String[n];
      seq = new Long[n];
      prevHash = new Buffer[n];
      hash = new Buffer[n];
    }

    void set(int i, Entry e, long rowSeq, byte[] prev, byte[] rowHash) {
      subject[i] = e.subject();
      roles[i] = arrayLiteral(e.roles());
      purpose[i] = e.purpose();
      chartPatientId[i] = e.chartPatientId().orElse(null);
      checkId[i] = e.checkId().orElse(null);
      requestId[i] = e.requestId();
      clientRequestId[i] = e.clientRequestId().orElse(null);
      deliveredTo[i] = e.deliveredTo().orElse(null);
      deskId[i] = e.deskId().orElse(null);
      seq[i] = rowSeq;
      prevHash[i] = Buffer.buffer(prev);
      hash[i] = Buffer.buffer(rowHash);
    }

    Tuple tuple(Instant readAt, LocalDate day) {
      return Tuple.from(
          new Object[] {
            readAt.atOffset(ZoneOffset.UTC),
            day,
            subject,
            roles,
            purpose,
            chartPatientId,
            checkId,
            requestId,
            clientRequestId,
            deliveredTo,
            deskId,
            seq,
            prevHash,
            hash
          });
    }

    /**
     * A row's roles as one PostgreSQL array literal (a text[] cannot be an element of an unnested
     * array): each role quoted, its quotes and backslashes escaped.
     */
    private static String arrayLiteral(List<String> roles) {
      StringBuilder s = new StringBuilder("{");
      for (int i = 0; i < roles.size(); i++) {
        if (i > 0) {
          s.append(',');
        }
        s.append('"').append(roles.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
      return s.append('}').toString();
    }
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
