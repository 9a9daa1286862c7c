package jp.oqsgateway.gateway.http.live;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The live feed over its WebSocket, end to end: events appended to the outbox (as the workflows
 * append them) reach the right clients through the relay, in commit order, replayed after a
 * reconnection, and a client that does not read is cut off without holding the others up.
 */
class LiveFeedOverWebSocketTest {
  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClass(
          "live-ws", Map.of("live.client-queue", "50", "api.rate-limit.burst", "100000"));

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  /** Appends an event to the outbox as the workflows do, committed at once. */
  static UUID emit(String type, JsonObject data) {
    return emit(gw, type, data);
  }

  /** Appends an event to {@code gateway}'s outbox as the workflows do, committed at once. */
  static UUID emit(InProcessGateway gateway, String type, JsonObject data) {
    UUID id = UUID.randomUUID();
    gateway.query(
        "insert into outbox_event (id, type, occurred_at, payload) values ($1, $2, now(), $3)",
        id,
        type,
        data);
    return id;
  }

  static UUID cardAt(String desk) {
    return emit("card.inserted", new JsonObject().put("deskId", desk).put("readerId", "r1"));
  }

  private static LiveClient reception() {
    return LiveClient.ready(vertx, gw.apiPort(), gw.token(Role.RECEPTION));
  }

  private static JsonObject cardsOf(String desk) {
    return new JsonObject()
        .put("desks", new JsonArray().add(desk))
        .put("types", new JsonArray().add("card.inserted"));
  }

  @Test
  void aReceptionClientOfDeskAReceivesDeskAsCardInsertedAndNeverDeskBs() {
    String deskA = "a-" + UUID.randomUUID().toString().substring(0, 8);
    String deskB = "b-" + UUID.randomUUID().toString().substring(0, 8);
    try (LiveClient client = reception()) {
      client.subscribe(cardsOf(deskA));
      cardAt(deskB);
      UUID first = cardAt(deskA);
      cardAt(deskB);
      UUID second = cardAt(deskA);

      JsonObject event = client.next("event").getJsonObject("event");
      assertThat(event.getString("id")).isEqualTo(first.toString());
      assertThat(event.getString("type")).isEqualTo("card.inserted");
      assertThat(event.getJsonObject("data").getString("deskId")).isEqualTo(deskA);
      assertThat(client.eventIds(1)).containsExactly(second.toString());
      assertThat(client.poll(Duration.ofMillis(500))).as("nothing of desk B").isNull();
    }
  }

  @Test
  void aClientReconnectingWithTheLastIdItSawReceivesTheMissedEventsOnceInOrderThenLiveOnes() {
    String desk = "r-" + UUID.randomUUID().toString().substring(0, 8);
    UUID seen;
    try (LiveClient client = reception()) {
      client.subscribe(cardsOf(desk));
      seen = cardAt(desk);
      assertThat(client.eventIds(1)).containsExactly(seen.toString());
    }
    List<String> missed = List.of(cardAt(desk).toString(), cardAt(desk).toString());
    awaitNumbered(missed);

    try (LiveClient client = reception()) {
      client.subscribe(cardsOf(desk).put("lastEventId", seen.toString()));
      assertThat(client.eventIds(2)).containsExactlyElementsOf(missed);
      assertThat(client.next("replayed").getInteger("count")).isEqualTo(2);
      UUID live = cardAt(desk);
      assertThat(client.eventIds(1)).containsExactly(live.toString());
      assertThat(client.poll(Duration.ofMillis(300))).as("no event twice").isNull();
    }
  }

  @Test
  void aLastEventIdBeyondTheReplayWindowGetsAGapThenLiveEvents() {
    String desk = "g-" + UUID.randomUUID().toString().substring(0, 8);
    UUID old = UUID.randomUUID();
    gw.query(
        "insert into outbox_event (id, type, occurred_at, payload, recorded_at)"
            + " values ($1, 'card.inserted', now() - interval '2 days', $2,"
            + " now() - interval '2 days')",
        old,
        new JsonObject().put("deskId", desk));
    awaitNumberedIn(gw, old);
    try (LiveClient client = reception()) {
      client.subscribe(cardsOf(desk).put("lastEventId", old.toString()));
      JsonObject gap = client.next("gap");
      assertThat(gap.getString("reason")).isEqualTo("beyond-replay-window");
      assertThat(gap.getString("lastEventId")).isEqualTo(old.toString());
      UUID live = cardAt(desk);
      assertThat(client.eventIds(1)).containsExactly(live.toString());
    }
  }

  @Test
  void aLastEventIdTheGatewayNeverHadGetsAGapNamingTheReason() {
    try (LiveClient client = reception()) {
      client.subscribe(cardsOf("u-1").put("lastEventId", UUID.randomUUID().toString()));
      assertThat(client.next("gap").getString("reason")).isEqualTo("unknown-event-id");
    }
  }

  @Test
  void feedOrderEqualsCommitOrderEvenWhenALaterStartedTransactionCommitsFirst() {
    String desk = "o-" + UUID.randomUUID().toString().substring(0, 8);
    try (LiveClient client = reception()) {
      client.subscribe(cardsOf(desk));
      SqlConnection conn = gw.gateway().pool().getConnection().await();
      try {
        Transaction tx = conn.begin().await();
        UUID startedFirst = UUID.randomUUID();
        conn.preparedQuery(
                "insert into outbox_event (id, type, occurred_at, payload)"
                    + " values ($1, 'card.inserted', now(), $2)")
            .execute(Tuple.of(startedFirst, new JsonObject().put("deskId", desk)))
            .await();
        UUID committedFirst = cardAt(desk);
        assertThat(client.eventIds(1)).containsExactly(committedFirst.toString());
        tx.commit().await();
        assertThat(client.eventIds(1)).containsExactly(startedFirst.toString());

        List<String> byFeed = new ArrayList<>();
        gw.query(
                "select id from outbox_event where id = any($1) order by feed_seq",
                (Object) new UUID[] {startedFirst, committedFirst})
            .forEach(r -> byFeed.add(r.getUUID("id").toString()));
        assertThat(byFeed).containsExactly(committedFirst.toString(), startedFirst.toString());
      } finally {
        conn.close().await();
      }
    }
  }

  @Test
  void manyEventsCommittedTogetherReachTheChartWholeAndTheDeskItsOwnEachOnceInFeedOrder() {
    String deskA = "m-" + UUID.randomUUID().toString().substring(0, 8);
    String deskB = "n-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject both =
        new JsonObject()
            .put("desks", new JsonArray().add(deskA).add(deskB))
            .put("types", new JsonArray().add("card.inserted"));
    try (LiveClient desk = reception();
        LiveClient chart = LiveClient.ready(vertx, gw.apiPort(), gw.token(Role.CHART))) {
      desk.subscribe(cardsOf(deskA));
      chart.subscribe(both);
      List<UUID> written = new ArrayList<>();
      List<String> ofA = new ArrayList<>();
      SqlConnection conn = gw.gateway().pool().getConnection().await();
      try {
        Transaction tx = conn.begin().await();
        for (int i = 0; i < 40; i++) {
          UUID id = UUID.randomUUID();
          String at = i % 3 == 0 ? deskB : deskA;
          conn.preparedQuery(
                  "insert into outbox_event (id, type, occurred_at, payload)"
                      + " values ($1, 'card.inserted', now(), $2)")
              .execute(Tuple.of(id, new JsonObject().put("deskId", at)))
              .await();
          written.add(id);
          if (at.equals(deskA)) {
            ofA.add(id.toString());
          }
        }
        tx.commit().await();
      } finally {
        conn.close().await();
      }
      // One transaction's events take the feed's (recorded_at, id) order (docs/LIVE.md).
      List<String> feed = new ArrayList<>();
      awaitNumbered(written.stream().map(UUID::toString).toList());
      gw.query(
              "select id from outbox_event where id = any($1) order by feed_seq",
              (Object) written.toArray(UUID[]::new))
          .forEach(r -> feed.add(r.getUUID("id").toString()));
      assertThat(chart.eventIds(feed.size())).containsExactlyElementsOf(feed);
      assertThat(desk.eventIds(ofA.size()))
          .containsExactlyElementsOf(feed.stream().filter(ofA::contains).toList());
      assertThat(chart.poll(Duration.ofMillis(300))).as("no event twice").isNull();
      assertThat(desk.poll(Duration.ofMillis(1))).as("nothing of desk B").isNull();
    }
  }

  @Test
  void aClientThatDoesNotReadIsDisconnectedWith4429WhileAnotherClientKeepsReceiving() {
    String desk = "s-" + UUID.randomUUID().toString().substring(0, 8);
    JsonObject jobs =
        new JsonObject()
            .put("desks", new JsonArray().add(desk))
            .put("types", new JsonArray().add("job.progress"));
    try (LiveClient slow = LiveClient.ready(vertx, gw.apiPort(), gw.token(Role.CHART));
        LiveClient reader = LiveClient.ready(vertx, gw.apiPort(), gw.token(Role.CHART))) {
      slow.subscribe(jobs);
      reader.subscribe(jobs);
      slow.pause();
      // One event at a time, as the workflows append them, until the one that does not read has
      // more than live.client-queue waiting: the other reads all of them meanwhile.
      JsonObject padded = new JsonObject().put("desk", desk).put("pad", "x".repeat(16_384));
      int sent = 0;
      while (disconnects("ws", "slow-consumer") < 1) {
        assertThat(sent).as("events sent before the slow client was cut off").isLessThan(5000);
        for (int i = 0; i < 10; i++, sent++) {
          emit("job.progress", padded);
        }
      }
      for (int i = 0; i < sent; i++) {
        reader.next("event");
      }
      slow.resume();
      assertThat(slow.closeStatus(Duration.ofSeconds(20))).isEqualTo((short) 4429);
      // The other one is still served.
      UUID after = emit("job.progress", new JsonObject().put("desk", desk));
      assertThat(reader.eventIds(1)).containsExactly(after.toString());
    }
  }

  static double disconnects(String transport, String reason) {
    return disconnects(gw, transport, reason);
  }

  /** {@code oqsgw_live_disconnects_total} of this gateway for the transport and reason. */
  static double disconnects(InProcessGateway gateway, String transport, String reason) {
    String metrics =
        gateway
            .client()
            .get(gateway.managementPort(), "127.0.0.1", "/metrics")
            .send()
            .await()
            .bodyAsString();
    String prefix =
        "oqsgw_live_disconnects_total{reason=\"" + reason + "\",transport=\"" + transport + "\"} ";
    return metrics
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
        .sum();
  }

  static void awaitNumbered(List<String> ids) {
    awaitNumberedIn(gw, ids.stream().map(UUID::fromString).toArray(UUID[]::new));
  }

  /** Waits until the relay of {@code gateway} has numbered these events. */
  static void awaitNumberedIn(InProcessGateway gateway, UUID... ids) {
    await("the relay numbered the events")
        .until(
            () ->
                gateway
                        .firstRow(
                            "select count(*) from outbox_event"
                                + " where id = any($1) and feed_seq is not null",
                            (Object) ids)
                        .getLong(0)
                    == ids.length);
  }
}
