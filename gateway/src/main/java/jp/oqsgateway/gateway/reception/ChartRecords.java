package jp.oqsgateway.gateway.reception;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * The insurance record each chart patient has in the chart, as the chart last stored it (the API's
 * {@code ChartInsuranceRecord}, already validated): one per patient, replaced by each store.
 */
public final class ChartRecords {
  private final Pool pool;

  public ChartRecords(Pool pool) {
    this.pool = pool;
  }

  /** Stores the patient's record; true when the patient had none before. */
  public Future<Boolean> store(String chartPatientId, JsonObject record, String storedBy) {
    return pool.preparedQuery(
            "insert into chart_insurance_record (chart_patient_id, record, stored_by)"
                + " values ($1, $2, $3) on conflict (chart_patient_id) do update set"
                + " record = excluded.record, stored_by = excluded.stored_by, stored_at = now()"
                + " returning (xmax = 0) as created")
        .execute(Tuple.of(chartPatientId, record, storedBy))
        .map(rows -> rows.iterator().next().getBoolean("created"));
  }

  public Future<Optional<JsonObject>> of(String chartPatientId) {
    return pool.preparedQuery(
            "select record from chart_insurance_record where chart_patient_id = $1")
        .execute(Tuple.of(chartPatientId))
        .map(rows -> Rows.first(rows, r -> (JsonObject) r.getJson("record")));
  }
}
