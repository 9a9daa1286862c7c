package jp.oqsgateway.gateway.audit;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.Superuser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The gateway watches its own read audit (every second here): an operator sees in {@code /metrics}
 * that the chain is intact and how far it was verified, that the database refused a verification
 * (without the chain being called broken), and that a row edited with the database's superuser
 * broke it: the newest within an interval, an older one with the next full pass.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditChainWatchTest {
  private static final String BASE = "/api/v1/home-visit-relationships";
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  /** Time for one interval and the verification it starts, on a loaded machine. */
  private static final Duration WITHIN_AN_INTERVAL = Duration.ofSeconds(10);

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClass(
          "audit-watch", Map.of("audit.verify-interval", INTERVAL.toSeconds() + "s"));

  private static final ChartApi api = ChartApi.of(gw);
  private static Superuser superuser;

  @BeforeAll
  static void start() {
    superuser = Superuser.on(gw);
  }

  @Test
  @Order(1)
  void anIntactChainReadsIntactAndItsVerifiedPositionFollowsNewReads() throws Exception {
    String id = createRelationship("WATCH-1");
    long written = newestSeq();
    await("the watch verified the first rows")
        .atMost(WITHIN_AN_INTERVAL)
        .until(() -> metric("oqsgw_audit_chain_verified_seq") >= written);
    assertThat(metric("oqsgw_audit_chain_intact")).isEqualTo(1.0);
    assertThat(metric("oqsgw_audit_chain_last_verification_timestamp_seconds")).isPositive();
    double rowsBefore = metric("oqsgw_audit_chain_verified_rows_total");

    for (int i = 0; i < 3; i++) {
      read(id);
    }
    long newest = newestSeq();
    assertThat(newest).isEqualTo(written + 3);
    await("the watch verified the new reads")
        .atMost(WITHIN_AN_INTERVAL)
        .until(() -> metric("oqsgw_audit_chain_verified_seq") == newest);

    assertThat(metric("oqsgw_audit_chain_intact")).isEqualTo(1.0);
    assertThat(metric("oqsgw_audit_chain_verified_rows_total") - rowsBefore)
        .as("the new rows were verified")
        .isGreaterThanOrEqualTo(3.0);
    assertThat(metric("oqsgw_audit_chain_verifications_total{outcome=\"intact\"}")).isPositive();
    assertThat(metric("oqsgw_audit_chain_verifications_total{outcome=\"broken\"}")).isZero();
  }

  @Test
  @Order(2)
  void aDatabaseRefusingTheWatchCountsFailedVerificationsAndTheChainIsNotCalledBroken()
      throws Exception {
    String role = gw.gateway().database().endpoint().user();
    double failedBefore = metric("oqsgw_audit_chain_verifications_total{outcome=\"failed\"}");
    superuser.execute("alter role " + role + " nologin");
    try {
      await("verifications failed")
          .atMost(WITHIN_AN_INTERVAL)
          .until(
              () ->
                  metric("oqsgw_audit_chain_verifications_total{outcome=\"failed\"}")
                      >= failedBefore + 2);
      assertThat(metric("oqsgw_audit_chain_intact")).isEqualTo(1.0);
      assertThat(metric("oqsgw_audit_chain_verifications_total{outcome=\"broken\"}")).isZero();
    } finally {
      superuser.execute("alter role " + role + " login");
    }
    double intactBefore = metric("oqsgw_audit_chain_verifications_total{outcome=\"intact\"}");
    await("verifications succeed again once the database lets the gateway in")
        .atMost(WITHIN_AN_INTERVAL)
        .until(
            () ->
                metric("oqsgw_audit_chain_verifications_total{outcome=\"intact\"}") > intactBefore);
  }

  @Test
  @Order(3)
  void anOlderRowEditedInPlaceIsFoundByTheFullPassAndTheChainReadsIntactOnceItIsPutBack()
      throws Exception {
    long edited = 2;
    assertThat(newestSeq()).as("the row edited is not the newest").isGreaterThan(edited);
    await("the chain reads intact")
        .atMost(WITHIN_AN_INTERVAL)
        .until(() -> metric("oqsgw_audit_chain_intact") == 1.0);
    String original = subjectOf(edited);
    editSubject(edited, "someone-else");
    try {
      await("a full pass found the edited row")
          .atMost(INTERVAL.multipliedBy(AuditChainWatch.FULL_EVERY).plus(WITHIN_AN_INTERVAL))
          .until(() -> metric("oqsgw_audit_chain_intact") == 0.0);
    } finally {
      editSubject(edited, original);
    }
    await("the chain reads intact again")
        .atMost(WITHIN_AN_INTERVAL)
        .until(() -> metric("oqsgw_audit_chain_intact") == 1.0);
  }

  @Test
  @Order(4)
  void theNewestReadEditedWithTheSuperuserShowsTheChainBrokenWithinAnInterval() throws Exception {
    long newest = newestSeq();
    await("the watch verified the newest row")
        .atMost(WITHIN_AN_INTERVAL)
        .until(() -> metric("oqsgw_audit_chain_verified_seq") == newest);

    Logger logger = (Logger) LoggerFactory.getLogger(AuditChainWatch.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.addAppender(lines);
    try {
      editSubject(newest, "someone-else");

      await("the chain is reported broken")
          .atMost(WITHIN_AN_INTERVAL)
          .until(() -> metric("oqsgw_audit_chain_intact") == 0.0);
      double broken = metric("oqsgw_audit_chain_verifications_total{outcome=\"broken\"}");
      assertThat(broken).isPositive();
      await("later verifications still find it broken")
          .atMost(WITHIN_AN_INTERVAL.multipliedBy(2))
          .until(
              () ->
                  metric("oqsgw_audit_chain_verifications_total{outcome=\"broken\"}")
                      >= broken + 2);
      assertThat(metric("oqsgw_audit_chain_intact")).isEqualTo(0.0);
    } finally {
      logger.detachAppender(lines);
    }
    assertThat(lines.list)
        .as("one ERROR line for the break, not one per verification")
        .filteredOn(e -> e.getLevel() == Level.ERROR)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getFormattedMessage()).isEqualTo("audit chain broken");
              assertThat(e.getKeyValuePairs())
                  .extracting(kv -> kv.key + "=" + kv.value)
                  .contains("auditSeq=" + newest, "auditDay=" + dayOf(newest))
                  .anyMatch(kv -> kv.startsWith("reason=its content does not match its hash"))
                  .noneMatch(kv -> kv.contains("someone-else"));
            });
  }

  @Test
  @Order(5)
  void theNewestRowsCutOffShowTheChainBrokenWithinAnInterval() throws Exception {
    long newest = newestSeq();
    editSubject(newest, subjectOf(newest - 1)); // as the reads above were written: one caller
    await("the chain reads intact again once the row is put back")
        .atMost(WITHIN_AN_INTERVAL)
        .until(() -> metric("oqsgw_audit_chain_intact") == 1.0);
    await("the watch verified the newest row")
        .atMost(WITHIN_AN_INTERVAL)
        .until(() -> metric("oqsgw_audit_chain_verified_seq") == newest);

    superuser.execute(
        "alter table audit_read disable trigger audit_read_no_update_or_delete",
        "delete from audit_read where seq = " + newest,
        "alter table audit_read enable trigger audit_read_no_update_or_delete");

    await("cutting off the newest row is reported")
        .atMost(WITHIN_AN_INTERVAL)
        .until(() -> metric("oqsgw_audit_chain_intact") == 0.0);
  }

  // ------------------------------------------------------------------ helpers

  /** The value of one series of {@code /metrics}, by its name and labels as printed. */
  private static double metric(String series) {
    return gw.metric(series);
  }

  private static String createRelationship(String patient) {
    HttpResponse<Buffer> r =
        api.send(
            HttpMethod.POST,
            BASE,
            new JsonObject()
                .put("chartPatientId", patient)
                .put("careForm", "medical")
                .put("firstVisitDate", LocalDate.now(ZoneId.of("Asia/Tokyo")).toString()));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    return r.bodyAsJsonObject().getString("id");
  }

  private static void read(String id) {
    assertThat(api.get(BASE + "/" + id).statusCode()).isEqualTo(200);
  }

  private static long newestSeq() throws SQLException {
    return superuser.longs("select max(seq) from audit_read").get(0);
  }

  private static void editSubject(long seq, String subject) throws SQLException {
    superuser.editAuditRow("seq = " + seq, "subject", subject);
  }

  private static String subjectOf(long seq) throws SQLException {
    return superuser.strings("select subject from audit_read where seq = " + seq).get(0);
  }

  private static String dayOf(long seq) throws SQLException {
    return superuser.strings("select chain_day from audit_read where seq = " + seq).get(0);
  }
}
