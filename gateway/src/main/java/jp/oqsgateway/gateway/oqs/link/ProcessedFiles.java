package jp.oqsgateway.gateway.oqs.link;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * SQL for {@code oqs_processed_file}: result and face files the gateway has dealt with, keyed by
 * folder, name and content hash. The files stay where the terminal put them (other consumers may
 * read them); this table is what makes "handled once" hold across restarts.
 */
final class ProcessedFiles {
  /** One remembered file. */
  public record Entry(
      String folder,
      String name,
      String sha256,
      long size,
      Instant mtime,
      String outcome,
      UUID exchangeId) {}

  private final Pool pool;

  public ProcessedFiles(Pool pool) {
    this.pool = pool;
  }

  /**
   * Records a file through {@code client} (the pool, or the transaction that stores what the file
   * means); true when it was new, false when that exact content was recorded before.
   */
  public Future<Boolean> record(SqlClient client, Entry e) {
    return client
        .preparedQuery(
            "insert into oqs_processed_file (folder, name, sha256, size, mtime, outcome,"
                + " exchange_id) values ($1, $2, $3, $4, $5, $6, $7)"
                + " on conflict (folder, name, sha256) do nothing returning name")
        .execute(
            Tuple.tuple()
                .addString(e.folder())
                .addString(e.name())
                .addString(e.sha256())
                .addLong(e.size())
                .addOffsetDateTime(e.mtime().atOffset(ZoneOffset.UTC))
                .addString(e.outcome())
                .addUUID(e.exchangeId()))
        .map(rows -> rows.rowCount() > 0);
  }

  /**
   * What was recorded for these files of a folder (loaded once at start to skip known files
   * cheaply): by the primary key, however many files the folder had over the years.
   */
  public Future<List<Entry>> inFolder(String folder, List<String> names) {
    return pool.preparedQuery(
            "select folder, name, sha256, size, mtime, outcome, exchange_id"
                + " from oqs_processed_file where folder = $1 and name = any($2)")
        .execute(Tuple.tuple().addString(folder).addArrayOfString(names.toArray(new String[0])))
        .map(
            rows ->
                Rows.all(
                    rows,
                    r ->
                        new Entry(
                            r.getString("folder"),
                            r.getString("name"),
                            r.getString("sha256"),
                            r.getLong("size"),
                            r.getOffsetDateTime("mtime").toInstant(),
                            r.getString("outcome"),
                            r.getUUID("exchange_id"))));
  }

  /** How many times files of that name were recorded with that outcome (tests, operators). */
  public Future<Long> count(String folder, String name, String outcome) {
    return pool.preparedQuery(
            "select count(*) from oqs_processed_file where folder = $1 and name = $2"
                + " and outcome = $3")
        .execute(Tuple.of(folder, name, outcome))
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
