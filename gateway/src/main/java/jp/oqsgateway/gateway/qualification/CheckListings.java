package jp.oqsgateway.gateway.qualification;

import static jp.oqsgateway.gateway.qualification.CheckRows.COLUMNS;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Recent checks, newest first, for screens and chart systems: filtered, bounded, paged. */
public final class CheckListings {
  /** Most checks one page may hold. */
  public static final int MAX_LIMIT = 100;

  /**
   * What to list.
   *
   * @param desks only checks of these desks (empty: every check, with or without a desk)
   * @param unassigned only checks that belong to no chart patient
   * @param since requested at or after
   * @param until requested before
   * @param after the last check of the previous page (newest first: older ones follow)
   */
  public record Query(
      Set<String> desks,
      Optional<String> source,
      Optional<CheckState> state,
      boolean unassigned,
      Optional<Instant> since,
      Optional<Instant> until,
      int limit,
      Optional<Position> after) {
    public Query {
      desks = Set.copyOf(desks);
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT);
      }
    }
  }

  /** Where a page ended: the (requestedAt, id) of its last check. */
  public record Position(Instant requestedAt, UUID id) {}

  /** A page, and where the next one starts when there is one. */
  public record Page(List<QualificationCheck> checks, Optional<Position> next) {}

  private final Pool pool;

  public CheckListings(Pool pool) {
    this.pool = pool;
  }

  public Future<Page> list(Query q) {
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + " from qualification_check"
                + " where ($1::text[] is null or desk = any($1))"
                + " and ($2::text is null or source = $2)"
                + " and ($3::text is null or state = $3)"
                + " and (not $4 or chart_patient_id is null)"
                + " and ($5::timestamptz is null or requested_at >= $5)"
                + " and ($6::timestamptz is null or requested_at < $6)"
                + " and ($7::timestamptz is null or (requested_at, id) < ($7, $8))"
                + " order by requested_at desc, id desc limit $9")
        .execute(
            Tuple.from(
                new Object[] {
                  q.desks().isEmpty() ? null : q.desks().toArray(String[]::new),
                  q.source().orElse(null),
                  q.state().map(Enum::name).orElse(null),
                  q.unassigned(),
                  q.since().map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null),
                  q.until().map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null),
                  q.after().map(p -> p.requestedAt().atOffset(ZoneOffset.UTC)).orElse(null),
                  q.after().map(Position::id).orElse(null),
                  q.limit() + 1
                }))
        .map(
            rows -> {
              List<QualificationCheck> all = CheckRows.all(rows);
              if (all.size() <= q.limit()) {
                return new Page(all, Optional.empty());
              }
              List<QualificationCheck> page = all.subList(0, q.limit());
              QualificationCheck last = page.get(page.size() - 1);
              return new Page(
                  List.copyOf(page), Optional.of(new Position(last.requestedAt(), last.id())));
            });
  }
}
