package jp.oqsgateway.agent.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The agent's link against the same SockJS event-bus bridge the gateway runs, over TLS: events
 * reach the gateway in order and once, survive the gateway being away, and leave the journal only
 * when acknowledged.
 */
@ExtendWith(VertxExtension.class)
class GatewayLinkTest {
  private Vertx vertx;
  private FakeGatewayBridge gateway;
  private final Journal journal = new Journal();
  private final List<Reply> replies = new CopyOnWriteArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger disconnections =
      new java.util.concurrent.atomic.AtomicInteger();
  private GatewayLink link;
  private int port;

  /** An in-memory journal, as the link sees the real one. */
  private static final class Journal implements Outgoing {
    final Deque<PendingEvent> events = new ConcurrentLinkedDeque<>();

    @Override
    public Optional<PendingEvent> oldest() {
      return Optional.ofNullable(events.peekFirst());
    }

    @Override
    public void acknowledge(UUID eventId) {
      events.removeIf(e -> e.eventId().equals(eventId));
    }
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    gateway = new FakeGatewayBridge(vertx);
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
  }

  @AfterEach
  void stop() {
    if (link != null) {
      vertx.undeploy(link.deploymentID()).await();
    }
    gateway.close().await();
  }

  private volatile boolean listenerFails;

  private void startLink(String token, Duration replyTimeout) {
    GatewayLink.Options defaults =
        GatewayLink.Options.defaults(
            URI.create("wss://localhost:" + port + "/agent/eventbus/websocket"),
            gateway.caFile(),
            () -> token);
    GatewayLink.Options options =
        new GatewayLink.Options(
            defaults.url(),
            defaults.caFile(),
            defaults.token(),
            replyTimeout,
            defaults.pingInterval(),
            Duration.ofMillis(100),
            Duration.ofMillis(400));
    link =
        new GatewayLink(
            options,
            journal,
            new GatewayLink.Listener() {
              @Override
              public void replied(PendingEvent event, Reply reply) {
                replies.add(reply);
                if (listenerFails) {
                  throw new IllegalStateException("the agent cannot act on this reply");
                }
              }

              @Override
              public void disconnected(String reason) {
                disconnections.incrementAndGet();
              }
            });
    vertx.deployVerticle(link).await();
  }

  private String append(String address) {
    UUID id = UUID.randomUUID();
    journal.events.add(
        new PendingEvent(
            id,
            address,
            new JsonObject()
                .put("eventId", id.toString())
                .put("agentId", "uketsuke-pc-1")
                .put("readerId", "reader-1")
                .put("deskId", "uketsuke-1")
                .put("occurredAt", Instant.now().toString())));
    if (link != null) {
      link.wakeUp();
    }
    return id.toString();
  }

  @Test
  void eventsReachTheGatewayInTheOrderTheyHappenedAndThenLeaveTheJournal() {
    gateway.listen(port).await();
    startLink(FakeGatewayBridge.TOKEN, Duration.ofSeconds(5));
    List<String> ids = new ArrayList<>();
    ids.add(append("reader.status"));
    ids.add(append("reader.card.inserted"));
    ids.add(append("reader.card.removed"));

    await("all stored")
        .atMost(Duration.ofSeconds(15))
        .until(() -> gateway.storedInOrder().size() == 3);

    assertThat(gateway.storedInOrder()).containsExactlyElementsOf(ids);
    await("the journal is empty").atMost(Duration.ofSeconds(15)).until(journal.events::isEmpty);
    await("every reply was passed on")
        .atMost(Duration.ofSeconds(15))
        .until(() -> replies.size() == 3);
    assertThat(link.delivered()).isEqualTo(3);
    assertThat(replies).allMatch(r -> r.status().orElse("").equals("accepted"));
  }

  @Test
  void whileTheGatewayIsAwayEventsWaitAndAreDeliveredOnceWhenItReturns() {
    startLink(FakeGatewayBridge.TOKEN, Duration.ofSeconds(5));
    List<String> ids = List.of(append("reader.card.inserted"), append("reader.card.removed"));
    await("several connection attempts failed")
        .atMost(Duration.ofSeconds(15))
        .until(() -> disconnections.get() >= 3);
    assertThat(link.isConnected()).isFalse();
    assertThat(journal.events).hasSize(2);

    gateway.listen(port).await();

    await("both stored")
        .atMost(Duration.ofSeconds(15))
        .until(() -> gateway.storedInOrder().size() == 2);
    assertThat(gateway.storedInOrder()).containsExactlyElementsOf(ids);
    await("the journal is empty").atMost(Duration.ofSeconds(15)).until(journal.events::isEmpty);
    ids.forEach(id -> assertThat(gateway.timesSeen(id)).as(id).isEqualTo(1));
  }

  @Test
  void aReplyTheAgentCannotActOnStillLetsTheEventLeaveTheJournalAndTheNextOneGo() {
    gateway.listen(port).await();
    List<String> ids = List.of(append("reader.card.inserted"), append("reader.card.removed"));
    listenerFails = true;
    startLink(FakeGatewayBridge.TOKEN, Duration.ofSeconds(5));

    await("the journal is empty").atMost(Duration.ofSeconds(15)).until(journal.events::isEmpty);

    assertThat(gateway.storedInOrder()).containsExactlyElementsOf(ids);
    assertThat(replies).hasSize(2);
  }

  @Test
  void aLostReplyMeansTheEventIsSentAgainAndTheGatewayStoresItOnce() {
    gateway.listen(port).await();
    String id = append("reader.card.inserted");
    // The first delivery is stored but its reply never comes (as if the socket dropped).
    gateway.behave(body -> gateway.timesSeen(id) == 1 ? FakeGatewayBridge.STORE_SILENTLY : 0);
    startLink(FakeGatewayBridge.TOKEN, Duration.ofMillis(500));

    await("the journal is empty").atMost(Duration.ofSeconds(15)).until(journal.events::isEmpty);

    assertThat(gateway.timesSeen(id)).isEqualTo(2);
    assertThat(gateway.storedInOrder()).containsExactly(id);
    // The rest of the agent is told of the reply (the duplicate) as the journal lets the event go.
    await("the reply was passed on")
        .atMost(Duration.ofSeconds(15))
        .until(() -> replies.size() == 1);
    assertThat(replies.get(0).status()).contains("duplicate");
  }

  @Test
  void anEventTheGatewayRefusesForGoodIsDroppedCountedAndTheNextOneGoes() {
    gateway.listen(port).await();
    String bad = append("reader.card.error");
    String good = append("reader.card.removed");
    gateway.behave(body -> body.getString("eventId").equals(bad) ? 400 : 0);
    startLink(FakeGatewayBridge.TOKEN, Duration.ofSeconds(5));

    await("the journal is empty").atMost(Duration.ofSeconds(15)).until(journal.events::isEmpty);

    await("both replies were passed on")
        .atMost(Duration.ofSeconds(15))
        .until(() -> replies.size() == 2);
    assertThat(link.refused()).isEqualTo(1);
    assertThat(gateway.storedInOrder()).containsExactly(good);
    assertThat(replies.get(0).failureCode()).contains(400);
  }

  @Test
  void anAgentWithoutAValidTokenNeverGetsASocketAndKeepsItsEvents() {
    gateway.listen(port).await();
    startLink("not-the-token", Duration.ofSeconds(5));
    append("reader.card.inserted");

    await("several connection attempts were refused")
        .atMost(Duration.ofSeconds(15))
        .until(() -> disconnections.get() >= 3);

    assertThat(link.isConnected()).isFalse();
    assertThat(journal.events).hasSize(1);
    assertThat(gateway.storedInOrder()).isEmpty();
  }
}
