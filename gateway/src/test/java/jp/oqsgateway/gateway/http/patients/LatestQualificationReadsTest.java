package jp.oqsgateway.gateway.http.patients;

import static java.nio.charset.StandardCharsets.UTF_8;
import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.Superuser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chart system's hot read, {@code GET /api/v1/patients/{id}/qualification}, under concurrent
 * callers: each read's audit row is committed before its answer leaves (rows of concurrent reads
 * share a commit), a read whose row cannot be written is refused, a new answer is served at once,
 * and each read still leaves its access-log line.
 */
@ExtendWith(VertxExtension.class)
class LatestQualificationReadsTest {
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  private static final int READS = 64;

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal("latest-reads", Map.of()).andTerminal(PEOPLE);

  private static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) {
    vertx = v;
  }

  @Test
  void manyConcurrentReadsEachHaveTheirAuditRowCommittedBeforeTheirAnswerArrives() {
    String patient = "READS-MANY-1";
    String checkId = answeredCheck(PEOPLE.withTag("noExpiry").get(6), patient);
    double commitsBefore = metric("oqsgw_audit_rows_per_commit_count");
    double rowsBefore = metric("oqsgw_audit_rows_per_commit_sum");

    WebClient client =
        WebClient.create(vertx, new WebClientOptions(), new PoolOptions().setHttp1MaxSize(READS));
    String bearer = gw.bearer(Role.CHART);
    List<Future<String>> seenAtArrival = new ArrayList<>();
    for (int i = 0; i < READS; i++) {
      seenAtArrival.add(
          client
              .get(gw.apiPort(), "127.0.0.1", "/api/v1/patients/" + patient + "/qualification")
              .putHeader("Authorization", bearer)
              .send()
              .compose(
                  r -> {
                    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
                    assertThat(r.bodyAsJsonObject().getString("checkId")).isEqualTo(checkId);
                    // Looked up the moment the answer arrived, from another connection.
                    return gw.gateway()
                        .pool()
                        .preparedQuery(
                            "select purpose, check_id::text from audit_read where request_id = $1")
                        .execute(Tuple.of(r.getHeader("X-Request-Id")))
                        .map(
                            rows ->
                                rows.size() == 1
                                    ? rows.iterator().next().getString(0)
                                        + " "
                                        + rows.iterator().next().getString(1)
                                    : rows.size() + " rows");
                  }));
    }
    List<String> rows = Future.all(seenAtArrival).await().list();
    client.close();

    assertThat(rows).hasSize(READS).containsOnly("latest-qualification " + checkId);
    double commits = metric("oqsgw_audit_rows_per_commit_count") - commitsBefore;
    double written = metric("oqsgw_audit_rows_per_commit_sum") - rowsBefore;
    assertThat(written).isGreaterThanOrEqualTo(READS);
    assertThat(commits).as("reads waiting together share a commit").isLessThan(written);
  }

  @Test
  void aReadWhoseAuditRowCannotBeWrittenIsRefusedWithoutItsData() throws SQLException {
    String patient = "READS-REFUSED-1";
    answeredCheck(PEOPLE.withTag("noExpiry").get(7), patient);
    Superuser su = Superuser.on(gw);
    su.execute(
        "alter table audit_read add constraint test_refuses_one_subject"
            + " check (subject <> 'unrecordable')");
    try {
      HttpResponse<Buffer> r =
          gw.client()
              .get(gw.apiPort(), "127.0.0.1", "/api/v1/patients/" + patient + "/qualification")
              .putHeader("Authorization", gw.bearerFor("unrecordable", Role.CHART))
              .send()
              .await();
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.bodyAsJsonObject().getString("detail")).contains("not served");
      assertThat(r.bodyAsString()).doesNotContain("qualification\":", "insurerNumber");
      assertThat(
              gw.query("select count(*) from audit_read where subject = 'unrecordable'")
                  .iterator()
                  .next()
                  .getLong(0))
          .isZero();
    } finally {
      su.execute("alter table audit_read drop constraint test_refuses_one_subject");
    }
    assertThat(latest(patient).statusCode()).as("others are served again").isEqualTo(200);
  }

  @Test
  void aNewAnswerIsServedByTheVeryNextRead() {
    String patient = "READS-NEW-1";
    SimulatedPerson p = PEOPLE.withTag("noExpiry").get(8);
    String first = answeredCheck(p, patient);
    assertThat(latest(patient).bodyAsJsonObject().getString("checkId")).isEqualTo(first);

    String second = answeredCheck(p, patient);

    assertThat(second).isNotEqualTo(first);
    assertThat(latest(patient).bodyAsJsonObject().getString("checkId")).isEqualTo(second);
  }

  @Test
  void eachReadStillLeavesItsAccessLogLineOnStandardOutput() {
    String patient = "READS-LOG-1";
    answeredCheck(PEOPLE.withTag("noExpiry").get(9), patient);
    PrintStream original = System.out;
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new TeeOutputStream(original, seen), true, UTF_8));
    try {
      HttpResponse<Buffer> r = latest(patient);
      assertThat(r.statusCode()).isEqualTo(200);
      String requestId = r.getHeader("X-Request-Id");

      await("the read's access-log line is written")
          .atMost(Duration.ofSeconds(10))
          .until(() -> lineWith(seen, requestId) != null);
      String line = lineWith(seen, requestId);
      assertThat(line).contains("getLatestQualification").contains("200").doesNotContain(patient);
      assertThat(metric("oqsgw_log_access_dropped_total")).isZero();
    } finally {
      System.setOut(original);
    }
  }

  // ------------------------------------------------------------------ helpers

  /** A check of {@code p} for the chart patient, answered by the simulated terminal; its id. */
  private static String answeredCheck(SimulatedPerson p, String patient) {
    HttpResponse<Buffer> r =
        new ChartApi(vertx, gw)
            .postCheck("?wait=20", CheckBodies.forPerson(p).put("chartPatientId", patient));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject check = r.bodyAsJsonObject();
    assertThat(check.getString("state")).isEqualTo("ANSWERED");
    return check.getString("id");
  }

  private static HttpResponse<Buffer> latest(String patient) {
    return new ChartApi(vertx, gw).get("/api/v1/patients/" + patient + "/qualification");
  }

  /** The access-log line of the request written to standard output, once it is there. */
  private static String lineWith(ByteArrayOutputStream out, String requestId) {
    String text;
    synchronized (out) {
      text = out.toString(UTF_8);
    }
    return text.lines()
        .filter(l -> l.contains(requestId) && l.contains("http request"))
        .findFirst()
        .orElse(null);
  }

  /** Writes to both streams: the test sees the lines and they still reach the test's output. */
  private static final class TeeOutputStream extends OutputStream {
    private final OutputStream first;
    private final ByteArrayOutputStream second;

    TeeOutputStream(OutputStream first, ByteArrayOutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      synchronized (second) {
        second.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      synchronized (second) {
        second.write(b, off, len);
      }
    }

    @Override
    public void flush() throws IOException {
      first.flush();
    }
  }

  private static double metric(String series) {
    return gw.metric(series);
  }
}
