package jp.oqsgateway.gateway.qualification;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.oqs.link.LinkHarness;
import jp.oqsgateway.gateway.sql.RowIds;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The answer a chart sees for a patient, on a migrated PostgreSQL: chosen by confirmation date and
 * then by answer time, and found at the front of the patient's index however many answers the
 * patient has (a monthly visit for years), not by sorting them all.
 */
class LatestAnswerOfAPatientTest {
  private static final String PATIENT = "P-LATEST";
  private static final Instant NOON = Instant.parse("2026-12-01T03:00:00Z");

  private static Vertx vertx;
  private static Pool pool;
  private static CheckStore store;
  private static UUID newestOfDec1;
  private static UUID onlyOfNov20;
  private static UUID faceOfNov25;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    pool = TestDatabase.pool(vertx, LinkHarness.migratedDatabase("latest_answer"));
    store = new CheckStore(pool, new Outbox());
    for (int month = 1; month <= 120; month++) {
      answered("api", LocalDate.of(2016, 1, 15).plusMonths(month - 1), NOON.minusSeconds(month));
    }
    answered("api", LocalDate.of(2026, 12, 1), NOON);
    newestOfDec1 = answered("api", LocalDate.of(2026, 12, 1), NOON.plusSeconds(60));
    answered("api", LocalDate.of(2026, 12, 1), NOON.minusSeconds(60));
    onlyOfNov20 = answered("api", LocalDate.of(2026, 11, 20), NOON.plusSeconds(3600));
    faceOfNov25 = answered("face", LocalDate.of(2026, 11, 25), NOON.minusSeconds(7200));
    answered("api", null, NOON.plusSeconds(7200)); // no date: never before a dated answer
    pool.query(
            "insert into qualification_check (id, source, requested_by, chart_patient_id, state,"
                + " request, result, requested_at, finished_at)"
                + " select gen_random_uuid(), 'api', 'test', 'P-' || (g % 2000), 'ANSWERED',"
                + " jsonb_build_object('confirmationDate', (date '2026-01-01' + g % 300)::text),"
                + " '{}'::jsonb, now(), now() from generate_series(1, 40000) g")
        .execute()
        .await();
    // Statistics from every row, not from a sample of 30,000 (a sample made the plan vary between
    // runs: now and then a bitmap scan of the patient's rows and a sort).
    pool.query("set default_statistics_target = 1000; analyze qualification_check")
        .execute()
        .await();
  }

  @AfterAll
  static void stop() {
    pool.close().await();
    vertx.close().await();
  }

  private static UUID answered(String source, LocalDate confirmationDate, Instant finishedAt) {
    UUID id = RowIds.next();
    JsonObject request = new JsonObject().put("chartPatientId", PATIENT);
    if (confirmationDate != null) {
      request.put("confirmationDate", confirmationDate.toString());
    }
    pool.preparedQuery(
            "insert into qualification_check (id, source, requested_by, chart_patient_id, state,"
                + " request, result, requested_at, finished_at)"
                + " values ($1, $2, 'test', $3, 'ANSWERED', $4, '{}'::jsonb, $5, $5)")
        .execute(Tuple.of(id, source, PATIENT, request, finishedAt.atOffset(ZoneOffset.UTC)))
        .await();
    return id;
  }

  private static UUID latest(Optional<LocalDate> asOf, Optional<String> source) {
    return store.latestAnswered(PATIENT, asOf, source).await().orElseThrow().id();
  }

  @Test
  void theLatestConfirmationDateWinsThenTheLatestAnswerOfThatDate() {
    assertThat(latest(Optional.empty(), Optional.empty())).isEqualTo(newestOfDec1);
  }

  @Test
  void asOfADateTheNewestAnswerConfirmedOnOrBeforeItIsServed() {
    assertThat(latest(Optional.of(LocalDate.of(2026, 11, 30)), Optional.of("api")))
        .isEqualTo(onlyOfNov20);
    assertThat(latest(Optional.of(LocalDate.of(2026, 11, 30)), Optional.empty()))
        .isEqualTo(faceOfNov25);
    assertThat(latest(Optional.of(LocalDate.of(2026, 12, 1)), Optional.empty()))
        .isEqualTo(newestOfDec1);
  }

  @Test
  void postgresqlReadsTheLatestAnswerFromTheFrontOfThePatientsIndexWithoutSortingTheOthers() {
    StringBuilder plan = new StringBuilder();
    for (Row r :
        pool.preparedQuery("explain (analyze, costs off) " + CheckStore.LATEST_ANSWERED)
            .execute(Tuple.of(PATIENT, null, null))
            .await()) {
      plan.append(r.getString(0)).append('\n');
    }

    assertThat(plan.toString())
        .contains("qualification_check_patient_latest")
        .doesNotContain("Sort")
        .contains("rows=1 loops=1"); // one row read from the index, not the patient's 126
  }
}
