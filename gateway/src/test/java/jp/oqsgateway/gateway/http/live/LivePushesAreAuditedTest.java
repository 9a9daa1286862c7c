package jp.oqsgateway.gateway.http.live;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.Superuser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An event naming a check or a patient, shown on a live connection, is a read of patient data: the
 * audit holds its row (who saw it, which check and patient, at which desk, over which transport)
 * before the event is written, so each test looks for the row the moment the event arrives.
 */
class LivePushesAreAuditedTest {
  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClass("live-audit", Map.of("api.rate-limit.burst", "100000"));

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static UUID emit(String type, JsonObject data) {
    return LiveFeedOverWebSocketTest.emit(gw, type, data);
  }

  private static JsonObject answered(UUID checkId, String patient, String desk) {
    return new JsonObject()
        .put("checkId", checkId.toString())
        .put("source", "card")
        .put("state", "ANSWERED")
        .put("chartPatientId", patient)
        .put("desk", desk)
        .put("qualificationValidity", "1");
  }

  private static JsonObject subscription(String... types) {
    return new JsonObject().put("types", new JsonArray(List.of((Object[]) types)));
  }

  private static List<Row> liveRowsOf(UUID checkId) {
    List<Row> rows = new ArrayList<>();
    gw.query(
            "select subject, roles, chart_patient_id, desk_id, delivered_to, request_id"
                + " from audit_read where purpose = 'live-push' and check_id = $1",
            checkId)
        .forEach(rows::add);
    return rows;
  }

  private static long liveRows() {
    return gw.firstRow("select count(*) as n from audit_read where purpose = 'live-push'")
        .getLong("n");
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void aCheckAnsweredEventReachesAChartsWebSocketWithItsAuditRowAlreadyWritten() {
    UUID checkId = UUID.randomUUID();
    String patient = unique("K-LIVE-");
    try (LiveClient chart = LiveClient.ready(vertx, gw.apiPort(), gw.token(Role.CHART))) {
      chart.subscribe(subscription("check.answered"));
      emit("check.answered", answered(checkId, patient, "uketsuke-1"));
      JsonObject event = chart.next("event").getJsonObject("event");
      assertThat(event.getJsonObject("data").getString("chartPatientId")).isEqualTo(patient);

      List<Row> rows = liveRowsOf(checkId);
      assertThat(rows).as("the audit rows of the event, read as it arrived").hasSize(1);
      Row row = rows.get(0);
      assertThat(row.getString("subject")).isEqualTo("test-client");
      assertThat(row.getArrayOfStrings("roles")).containsExactly("chart");
      assertThat(row.getString("chart_patient_id")).isEqualTo(patient);
      assertThat(row.getString("desk_id")).isEqualTo("uketsuke-1");
      assertThat(row.getString("delivered_to")).isEqualTo("live-connection:ws");
      assertThat(row.getString("request_id")).isNotBlank();
    }
  }

  @Test
  void aCheckAnsweredEventReachesAnEventStreamWithItsAuditRowAlreadyWritten() throws Exception {
    UUID checkId = UUID.randomUUID();
    String patient = unique("K-SSE-");
    HttpClient http = vertx.createHttpClient();
    StringBuffer stream = new StringBuffer();
    CompletableFuture<List<Row>> rowsOnArrival = new CompletableFuture<>();
    try {
      HttpClientResponse response =
          http.request(
                  new RequestOptions()
                      .setMethod(HttpMethod.GET)
                      .setPort(gw.apiPort())
                      .setHost("127.0.0.1")
                      .setURI("/api/v1/events/stream?types=check.answered")
                      .putHeader("Authorization", gw.bearer(Role.RECEPTION))
                      .putHeader("Accept", "text/event-stream"))
              .compose(
                  req -> req.send().onSuccess(r -> r.handler(b -> stream.append(b.toString()))))
              .await();
      assertThat(response.statusCode()).isEqualTo(200);
      await("the stream open").until(() -> stream.toString().startsWith("retry:"));
      emit("check.answered", answered(checkId, patient, "uketsuke-2"));
      await("the event on the stream")
          .until(
              () -> {
                if (stream.toString().contains(patient)) {
                  rowsOnArrival.complete(liveRowsOf(checkId));
                  return true;
                }
                return false;
              });
      List<Row> rows = rowsOnArrival.get(10, TimeUnit.SECONDS);
      assertThat(rows).hasSize(1);
      assertThat(rows.get(0).getArrayOfStrings("roles")).containsExactly("reception");
      assertThat(rows.get(0).getString("delivered_to")).isEqualTo("live-connection:sse");
    } finally {
      http.close().await();
    }
  }

  @Test
  void eventsNamingNoPatientLeaveNoRowAndKeepTheirPlaceBehindOneThatWaitsForItsRow() {
    String desk = unique("d-");
    UUID checkId = UUID.randomUUID();
    try (LiveClient chart = LiveClient.ready(vertx, gw.apiPort(), gw.token(Role.CHART))) {
      chart.subscribe(subscription("card.inserted", "check.answered"));
      long before = liveRows();
      UUID card = emit("card.inserted", new JsonObject().put("deskId", desk).put("readerId", "r1"));
      assertThat(chart.eventIds(1)).containsExactly(card.toString());
      assertThat(liveRows()).as("rows for an event that names no patient").isEqualTo(before);

      // One relay round: a card, a check's answer, a card; the answer waits for its row and
      // the card after it waits behind it.
      // Rows of one transaction are numbered by id, as PostgreSQL orders uuids (by their text).
      List<UUID> ids =
          Stream.generate(UUID::randomUUID)
              .limit(3)
              .sorted(Comparator.comparing(UUID::toString))
              .toList();
      UUID first = ids.get(0);
      UUID answer = ids.get(1);
      UUID last = ids.get(2);
      gw.query(
          "insert into outbox_event (id, type, occurred_at, payload) values"
              + " ($1, 'card.inserted', now(), $2), ($3, 'check.answered', now(), $4),"
              + " ($5, 'card.inserted', now(), $2)",
          first,
          new JsonObject().put("deskId", desk).put("readerId", "r1"),
          answer,
          answered(checkId, unique("K-ORDER-"), desk),
          last);
      assertThat(chart.eventIds(3))
          .containsExactly(first.toString(), answer.toString(), last.toString());
      assertThat(liveRows() - before).as("one row: the answer's").isEqualTo(1);
      assertThat(liveRowsOf(checkId)).hasSize(1);
    }
  }

  @Test
  void missedEventsReplayedAfterAReconnectionAreRecordedBeforeTheyAreSent() {
    UUID seenCheck = UUID.randomUUID();
    UUID missedCheck = UUID.randomUUID();
    UUID seen;
    try (LiveClient chart = LiveClient.ready(vertx, gw.apiPort(), gw.token(Role.CHART))) {
      chart.subscribe(subscription("check.answered"));
      seen = emit("check.answered", answered(seenCheck, unique("K-SEEN-"), "uketsuke-3"));
      assertThat(chart.eventIds(1)).containsExactly(seen.toString());
    }
    UUID missed = emit("check.answered", answered(missedCheck, unique("K-MISSED-"), "uketsuke-3"));
    LiveFeedOverWebSocketTest.awaitNumberedIn(gw, seen, missed); // in the feed: replayed, not live
    try (LiveClient chart = LiveClient.ready(vertx, gw.apiPort(), gw.token(Role.CHART))) {
      chart.subscribe(subscription("check.answered").put("lastEventId", seen.toString()));
      assertThat(chart.eventIds(1)).containsExactly(missed.toString());
      assertThat(liveRowsOf(missedCheck))
          .as("the replayed event's row, read as it arrived")
          .hasSize(1);
      assertThat(chart.next("replayed").getInteger("count")).isEqualTo(1);
    }
  }

  @Test
  void aConnectionWhoseRowsCannotBeRecordedIsClosedWithoutTheEvent() throws Exception {
    String subject = unique("unrecordable-");
    try (RowsOf rows = RowsOf.subject(subject, "raise exception 'refused by the test'")) {
      String token = gw.bearerFor(subject, Role.CHART).substring("Bearer ".length());
      double before = LiveFeedOverWebSocketTest.disconnects(gw, "ws", "audit-unavailable");
      try (LiveClient chart = LiveClient.ready(vertx, gw.apiPort(), token)) {
        chart.subscribe(subscription("check.answered"));
        emit("check.answered", answered(UUID.randomUUID(), unique("K-REFUSED-"), "uketsuke-4"));
        assertThat(chart.closeStatus(Duration.ofSeconds(10))).isEqualTo((short) 1011);
        JsonObject after = chart.poll(Duration.ZERO);
        assertThat(after).as("nothing of the event was written before the close").isNull();
      }
      assertThat(LiveFeedOverWebSocketTest.disconnects(gw, "ws", "audit-unavailable"))
          .isEqualTo(before + 1);
    }
  }

  private static void emitAnswers(String prefix, String desk, int count) {
    gw.query(
        "insert into outbox_event (id, type, occurred_at, payload)"
            + " select gen_random_uuid(), 'check.answered', now(),"
            + " jsonb_build_object('checkId', gen_random_uuid()::text, 'source', 'card',"
            + " 'state', 'ANSWERED', 'chartPatientId', $1 || g, 'desk', $2,"
            + " 'qualificationValidity', '1')"
            + " from generate_series(1, $3) g",
        prefix,
        desk,
        count);
  }

  @Test
  void aClientThatMissedMoreEventsThanTheAuditQueueHoldsIsSentThemAllOnReconnection() {
    String desk = unique("many-");
    UUID card;
    try (LiveClient chart = LiveClient.ready(vertx, gw.apiPort(), gw.token(Role.CHART))) {
      chart.subscribe(subscription("card.inserted", "check.answered"));
      card = emit("card.inserted", new JsonObject().put("deskId", desk).put("readerId", "r1"));
      assertThat(chart.eventIds(1)).containsExactly(card.toString());
    }
    int missed = 5000; // the audit's queue refuses rows beyond 4,096 waiting
    emitAnswers("K-MANY-", desk, missed);
    await("all numbered")
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                gw.firstRow("select count(*) from outbox_event where feed_seq is null").getLong(0)
                    == 0);
    try (LiveClient chart = LiveClient.ready(vertx, gw.apiPort(), gw.token(Role.CHART))) {
      chart.subscribe(
          subscription("card.inserted", "check.answered").put("lastEventId", card.toString()));
      assertThat(chart.eventIds(missed)).doesNotHaveDuplicates().hasSize(missed);
      assertThat(chart.next("replayed").getInteger("count")).isEqualTo(missed);
    }
  }

  @Test
  void aBurstOfPatientEventsReachesEveryScreenWatchingIt() {
    List<LiveClient> screens = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        LiveClient c = LiveClient.ready(vertx, gw.apiPort(), gw.token(Role.CHART));
        c.subscribe(subscription("check.answered"));
        screens.add(c);
      }
      emitAnswers("K-BURST-", unique("burst-"), 500); // one relay round, 5,000 rows
      for (LiveClient c : screens) {
        assertThat(c.eventIds(500)).doesNotHaveDuplicates();
      }
    } finally {
      screens.forEach(LiveClient::close);
    }
  }

  @Test
  void aResubscriptionWithTheLastEventWhileTheNextWaitsForItsRowGetsThatEventOnce()
      throws Exception {
    String subject = unique("slow-");
    try (RowsOf rows = RowsOf.subject(subject, "perform pg_sleep(1.5)")) {
      String token = gw.bearerFor(subject, Role.CHART).substring("Bearer ".length());
      String desk = unique("resub-");
      try (LiveClient chart = LiveClient.ready(vertx, gw.apiPort(), token)) {
        chart.subscribe(subscription("card.inserted", "check.answered"));
        UUID card =
            emit("card.inserted", new JsonObject().put("deskId", desk).put("readerId", "r1"));
        assertThat(chart.eventIds(1)).containsExactly(card.toString());
        UUID answer = emit("check.answered", answered(UUID.randomUUID(), unique("K-RESUB-"), desk));
        LiveFeedOverWebSocketTest.awaitNumberedIn(gw, answer);
        Thread.sleep(300); // taken, its row being recorded (1.5 s)
        chart.send(
            subscription("card.inserted", "check.answered")
                .put("type", "subscribe")
                .put("lastEventId", card.toString()));
        assertThat(chart.next("subscribed")).isNotNull();
        assertThat(chart.eventIds(1)).containsExactly(answer.toString());
        assertThat(chart.next("replayed").getInteger("count")).isEqualTo(1);
        assertThat(chart.poll(Duration.ofSeconds(2))).as("nothing after the replay").isNull();
      }
    }
  }

  /** While open, the audit rows of one subject meet {@code action} (fail, or are slow). */
  private static final class RowsOf implements AutoCloseable {
    private final Superuser superuser = Superuser.on(gw);

    static RowsOf subject(String subject, String action) throws Exception {
      RowsOf rows = new RowsOf();
      rows.superuser.execute(
          "create function test_live_rows() returns trigger language plpgsql as $$"
              + " begin if new.subject = '"
              + subject
              + "' then "
              + action
              + "; end if; return new; end $$",
          "create trigger test_live_rows before insert on audit_read"
              + " for each row execute function test_live_rows()");
      return rows;
    }

    @Override
    public void close() throws Exception {
      superuser.execute(
          "drop trigger test_live_rows on audit_read", "drop function test_live_rows()");
    }
  }
}
