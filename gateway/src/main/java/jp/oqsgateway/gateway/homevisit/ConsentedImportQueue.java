package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.sql.RowIds;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * SQL for {@code consented_import_queue}: the imported persons that matched several chart patients
 * or none, waiting for a person. A person's decision moves an item out of {@code waiting} once.
 */
public final class ConsentedImportQueue {
  /** The columns with the person as the check's answer names them (kana and birth date). */
  private static final String SELECT =
      "select q.id, q.check_id, q.family, q.consent_date, q.valid, q.matched_by, q.candidates, q.state,"
          + " q.queued_at, q.decided_by, q.decided_at, q.chart_patient_id, q.reason,"
          + " c.result->'results'->0->>'nameKana' as name_kana,"
          + " c.result->'results'->0->>'birthdate' as birthdate"
          + " from consented_import_queue q join qualification_check c on c.id = q.check_id";

  /** The states of an item. */
  public static final List<String> STATES = List.of("waiting", "linked", "dismissed");

  /**
   * An item of the queue.
   *
   * @param matchedBy {@code referenceNumber}, {@code kanaAndBirthdate}, {@code none}, or {@code
   *     heldByAnother} (the one match holds another patient's link of the same qualification)
   * @param valid whether OQS reported the qualification valid (only then a relationship follows)
   * @param nameKana the person's kana, as OQS returned it
   * @param birthdate the person's birth date (YYYY-MM-DD), as OQS returned it
   */
  public record Item(
      UUID id,
      UUID checkId,
      String family,
      Optional<LocalDate> consentDate,
      boolean valid,
      String matchedBy,
      List<String> candidates,
      String state,
      Instant queuedAt,
      Optional<String> decidedBy,
      Optional<String> chartPatientId,
      Optional<String> reason,
      Optional<String> nameKana,
      Optional<String> birthdate) {

    public Item {
      candidates = List.copyOf(candidates);
    }

    public boolean waiting() {
      return state.equals("waiting");
    }
  }

  private final Pool pool;

  public ConsentedImportQueue(Pool pool) {
    this.pool = pool;
  }

  /** Queues the check's person through {@code client}, once per check. */
  Future<Void> add(
      SqlClient client,
      UUID checkId,
      ConsentedUnit unit,
      String matchedBy,
      List<String> candidates) {
    return client
        .preparedQuery(
            "insert into consented_import_queue (id, check_id, family, consent_date, valid,"
                + " matched_by, candidates) values ($1, $2, $3, $4, $5, $6, $7)"
                + " on conflict (check_id) do nothing")
        .execute(
            Tuple.of(
                RowIds.next(),
                checkId,
                unit.retrieval().family(),
                unit.consentDate().orElse(null),
                unit.valid(),
                matchedBy,
                candidates.toArray(new String[0])))
        .mapEmpty();
  }

  /**
   * One page of the items in {@code state}, oldest first: at most {@code limit} after the item
   * queued at {@code after} (its time and id), and whether more follow.
   */
  public Future<Page> page(String state, Optional<Position> after, int limit) {
    return pool.preparedQuery(
            SELECT
                + " where q.state = $1 and ($2::timestamptz is null or (q.queued_at, q.id) >"
                + " ($2::timestamptz, $3::uuid)) order by q.queued_at, q.id limit $4")
        .execute(
            Tuple.of(
                state,
                after.map(a -> a.queuedAt().atOffset(ZoneOffset.UTC)).orElse(null),
                after.map(Position::id).orElse(null),
                limit + 1))
        .map(
            rows -> {
              List<Item> items = Rows.all(rows, ConsentedImportQueue::toItem);
              boolean more = items.size() > limit;
              return new Page(more ? items.subList(0, limit) : items, more);
            });
  }

  /** Where a page of the queue ended. */
  public record Position(Instant queuedAt, UUID id) {}

  /**
   * @param more whether items follow the last one
   */
  public record Page(List<Item> items, boolean more) {
    public Page {
      items = List.copyOf(items);
    }

    /** Where the next page starts, when one follows. */
    public Optional<Position> next() {
      return more
          ? Optional.of(
              new Position(
                  items.get(items.size() - 1).queuedAt(), items.get(items.size() - 1).id()))
          : Optional.empty();
    }
  }

  public Future<Optional<Item>> find(UUID id) {
    return find(pool, id, false);
  }

  /** The item, locked in {@code tx} until it commits. */
  Future<Optional<Item>> lock(SqlClient tx, UUID id) {
    return find(tx, id, true);
  }

  /** Records a person's decision on a waiting item; the item as it is then. */
  Future<Item> decide(
      SqlClient tx,
      UUID id,
      String state,
      Optional<String> chartPatientId,
      Optional<String> reason,
      String by) {
    return tx.preparedQuery(
            "update consented_import_queue set state = $2, chart_patient_id = $3, reason = $4,"
                + " decided_by = $5, decided_at = now() where id = $1 and state = 'waiting'")
        .execute(Tuple.of(id, state, chartPatientId.orElse(null), reason.orElse(null), by))
        .compose(v -> find(tx, id, false))
        .map(Optional::orElseThrow);
  }

  private static Future<Optional<Item>> find(SqlClient client, UUID id, boolean lock) {
    return client
        .preparedQuery(SELECT + " where q.id = $1" + (lock ? " for update of q" : ""))
        .execute(Tuple.of(id))
        .map(rows -> Rows.first(rows, ConsentedImportQueue::toItem));
  }

  private static Item toItem(Row r) {
    return new Item(
        r.getUUID("id"),
        r.getUUID("check_id"),
        r.getString("family"),
        Optional.ofNullable(r.getLocalDate("consent_date")),
        r.getBoolean("valid"),
        r.getString("matched_by"),
        Arrays.asList(r.getArrayOfStrings("candidates")),
        r.getString("state"),
        r.getOffsetDateTime("queued_at").toInstant(),
        Optional.ofNullable(r.getString("decided_by")),
        Optional.ofNullable(r.getString("chart_patient_id")),
        Optional.ofNullable(r.getString("reason")),
        Optional.ofNullable(r.getString("name_kana")),
        Optional.ofNullable(r.getString("birthdate")));
  }
}
