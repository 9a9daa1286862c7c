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
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import jp.oqsgateway.gateway.audit.AuditStore.Entry;

/**
 * Rows appended to the read-audit chain, a batch per transaction: under the chain's lock, each row
 * hashed onto the one before it and all inserted in one statement; the first row of a day also
 * anchors the day in {@code audit_chain_anchor}. The lock is released at commit.
 *
 * <p>The chain's head (the row with the highest {@code seq}) is remembered from the last commit
 * made here. The next commit sends its rows hashed onto that head together with the lock, in one
 * exchange with PostgreSQL, and its insert writes them only if that row is still the head when the
 * lock is held: rows are never changed and a position is taken once, so the remembered row is then
 * the very row the chain ends with. When another gateway on the same database wrote since, the
 * insert writes nothing, and the same transaction, still under the lock, reads the head and inserts
 * again. With nothing remembered (the first commit, or after a failed one, whose outcome may be
 * unknown) the head is read first, asked for together with the lock: PostgreSQL runs the two in
 * order, so the read (its snapshot taken as it begins) comes after the lock is held.
 */
final class ChainAppends {
  /**
   * The transaction-scoped advisory lock every writer takes before reading the chain head, so two
   * inserts can never chain onto the same predecessor. Any fixed number works; this one spells
   * "oqsaudit".
   */
  static final long CHAIN_LOCK = 0x6f71736175646974L;

  private static final String LOCK = "select pg_advisory_xact_lock($1)";
  private static final String HEAD =
      "select seq, chain_day, hash from audit_read where seq is not null order by seq desc limit 1";
  private static final String INSERT =
      "insert into audit_read (read_at, subject, roles, purpose, chart_patient_id, check_id,"
          + " request_id, client_request_id, delivered_to, desk_id, seq, chain_day,"
          + " prev_hash, hash) select $1::timestamptz, r.subject, r.roles::text[], r.purpose,"
          + " r.chart_patient_id, r.check_id, r.request_id, r.client_request_id,"
          + " r.delivered_to, r.desk_id, r.seq, $2::date, r.prev_hash, r.hash from unnest($3::text[],"
          + " $4::text[], $5::text[], $6::text[], $7::uuid[], $8::text[], $9::text[],"
          + " $10::text[], $11::text[], $12::int8[], $13::bytea[], $14::bytea[]) as r(subject,"
          + " roles, purpose, chart_patient_id, check_id, request_id, client_request_id,"
          + " delivered_to, desk_id, seq, prev_hash, hash)";
  private static final String RETURNING = " order by r.seq returning id, seq";

  /** As {@link #INSERT}, writing nothing unless the chain still ends at position $15. */
  private static final String INSERT_ONTO_HEAD =
      INSERT
          + " where (select a.seq from audit_read a where a.seq is not null"
          + " order by a.seq desc limit 1) = $15"
          + RETURNING;

  /** The last row of the chain as this process last committed it. */
  private record Head(long seq, LocalDate day, byte[] hash) {
    static Optional<Head> of(RowSet<Row> rows) {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row last = rows.iterator().next();
      return Optional.of(
          new Head(
              last.getLong("seq"),
              last.getLocalDate("chain_day"),
              last.getBuffer("hash").getBytes()));
    }
  }

  private final Pool pool;
  private final ZoneId zone;
  private final AtomicReference<Head> remembered = new AtomicReference<>();

  /**
   * @param zone where a day of the chain begins and ends (the clinic's)
   */
  ChainAppends(Pool pool, ZoneId zone) {
    this.pool = pool;
    this.zone = zone;
  }

  /** Appends {@code entries} in one transaction; completes once it has committed. */
  Future<Void> append(List<Entry> entries) {
    // Forgotten until this commit is known to have succeeded (GroupCommit runs one at a time).
    Head known = remembered.getAndSet(null);
    return pool.withTransaction(
            tx -> {
              Future<RowSet<Row>> locked = tx.preparedQuery(LOCK).execute(Tuple.of(CHAIN_LOCK));
              if (known == null) {
                Future<RowSet<Row>> head = tx.query(HEAD).execute();
                return locked.compose(l -> ontoHead(tx, entries, head));
              }
              Future<Optional<Head>> onKnown = insert(tx, entries, Optional.of(known), true);
              return locked
                  .compose(l -> onKnown)
                  .compose(
                      written ->
                          written.isPresent()
                              ? Future.succeededFuture(written.get())
                              : ontoHead(tx, entries, tx.query(HEAD).execute()));
            })
        .onSuccess(remembered::set)
        .mapEmpty();
  }

  /** Inserts the rows onto the head read by {@code head}, asked for under the lock. */
  private Future<Head> ontoHead(SqlConnection tx, List<Entry> entries, Future<RowSet<Row>> head) {
    return head.compose(h -> insert(tx, entries, Head.of(h), false)).map(Optional::orElseThrow);
  }

  /**
   * Inserts the rows onto {@code head} (empty: the chain's first row). Guarded, nothing is written
   * (and the result is empty) when the chain no longer ends at {@code head}; otherwise the result
   * is the new head.
   */
  private Future<Optional<Head>> insert(
      SqlConnection tx, List<Entry> entries, Optional<Head> head, boolean guarded) {
    Instant readAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    LocalDate today = LocalDate.ofInstant(readAt, zone);
    long firstSeq = head.map(h -> h.seq() + 1).orElse(1L);
    byte[] dayPrevHash = head.map(Head::hash).orElse(AuditChain.GENESIS);
    if (head.isPresent() && today.isBefore(head.get().day())) {
      // A clock that steps back never reopens a closed day.
      today = head.get().day();
    }
    LocalDate day = today;
    boolean newDay = head.map(h -> !h.day().equals(day)).orElse(true);
    Columns columns = new Columns(entries.size());
    byte[] prev = dayPrevHash;
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
    Head next = new Head(firstSeq + entries.size() - 1, day, prev);
    Tuple values = columns.tuple(readAt, day);
    if (guarded) {
      values.addLong(head.orElseThrow().seq());
    }
    return tx.preparedQuery(guarded ? INSERT_ONTO_HEAD : INSERT + RETURNING)
        .execute(values)
        .compose(
            inserted -> {
              if (inserted.rowCount() == 0) {
                return Future.succeededFuture(Optional.empty());
              }
              Future<Void> anchored =
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
                      : Future.succeededFuture();
              return anchored.map(Optional.of(next));
            });
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
}
