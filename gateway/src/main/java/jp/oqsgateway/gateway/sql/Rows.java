package jp.oqsgateway.gateway.sql;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Rows of a query as the stores' own types: each store keeps its SQL and its row mapping beside its
 * aggregate; this is only the part they all share. A leaf: it knows no other package of the
 * gateway.
 */
public final class Rows {
  private Rows() {}

  /** Every row, mapped, in the order the query returned them. */
  public static <T> List<T> all(RowSet<Row> rows, Function<Row, T> map) {
    List<T> all = new ArrayList<>(rows.size());
    rows.forEach(r -> all.add(map.apply(r)));
    return all;
  }

  /** The first row, mapped; empty when the query returned none. */
  public static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> map) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(map.apply(it.next())) : Optional.empty();
  }

  /** A nullable {@code timestamptz} column as an instant. */
  public static Optional<Instant> instant(Row row, String column) {
    return Optional.ofNullable(row.getOffsetDateTime(column)).map(OffsetDateTime::toInstant);
  }
}
