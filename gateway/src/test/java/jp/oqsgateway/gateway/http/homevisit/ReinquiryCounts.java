package jp.oqsgateway.gateway.http.homevisit;

import io.vertx.sqlclient.Row;
import java.util.HashMap;
import java.util.Map;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;

/** What a nightly re-inquiry run left in the database, counted per patient. */
final class ReinquiryCounts {
  private ReinquiryCounts() {}

  /** Per chart patient, the answered re-inquiries the job created (checks requested by it). */
  static Map<String, Long> answeredPerPatient(InProcessGateway gw, String jobId) {
    Map<String, Long> answered = new HashMap<>();
    for (Row r :
        gw.query(
            "select c.chart_patient_id, count(*) as n from qualification_check c"
                + " join oqs_exchange x on x.id = c.exchange_id and x.state = 'ANSWERED'"
                + " where c.requested_by = $1 group by c.chart_patient_id",
            "job:" + jobId)) {
      answered.put(r.getString("chart_patient_id"), r.getLong("n"));
    }
    return answered;
  }
}
