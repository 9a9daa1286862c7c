package jp.oqsgateway.gateway.agents;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.agentprotocol.AgentAddresses;
import jp.oqsgateway.agentprotocol.AgentEvent;
import jp.oqsgateway.agentprotocol.CardError;
import jp.oqsgateway.agentprotocol.CardInserted;
import jp.oqsgateway.agentprotocol.CardProof;
import jp.oqsgateway.agentprotocol.CardType;
import jp.oqsgateway.agentprotocol.EventCodec;
import jp.oqsgateway.agentprotocol.ReaderStatus;
import jp.oqsgateway.gateway.cards.CardIdentity;
import jp.oqsgateway.gateway.cards.CardStore;
import jp.oqsgateway.gateway.cards.Challenge;
import jp.oqsgateway.gateway.cards.JpkiTrust;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumers of the five agent addresses ({@link AgentAddresses}): each body is checked (400
 * naming the field), must speak for the socket's own agent and for a desk its token names (403,
 * nothing stored), is stored once by its event id with its outbox event in the same transaction
 * ({@code duplicate} for a repeated id, and nothing else happens), and is answered. Card insertions
 * and proofs go on to {@link CardIdentity}.
 */
public final class CardEventIngestion {
  private static final Logger LOG = LoggerFactory.getLogger(CardEventIngestion.class);

  private final Vertx vertx;
  private final AgentEventStore events;
  private final CardIdentity identity;
  private final AgentMetrics metrics;
  private final List<MessageConsumer<Object>> consumers = new ArrayList<>();

  public CardEventIngestion(
      Vertx vertx, AgentEventStore events, CardIdentity identity, AgentMetrics metrics) {
    this.vertx = vertx;
    this.events = events;
    this.identity = identity;
    this.metrics = metrics;
  }

  /** Registers the consumers; completes when they are registered. */
  public Future<Void> start() {
    List<Future<Void>> registered = new ArrayList<>();
    for (String address : AgentAddresses.ALL) {
      MessageConsumer<Object> c =
          vertx.eventBus().consumer(address, message -> handle(address, message));
      consumers.add(c);
      registered.add(c.completion());
    }
    return Future.all(registered).mapEmpty();
  }

  public Future<Void> stop() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  private void handle(String address, Message<Object> message) {
    long received = System.nanoTime();
    AgentEvent event;
    JsonObject body;
    try {
      event = EventCodec.check(address, message.body());
      body = (JsonObject) message.body();
    } catch (EventCodec.InvalidEvent e) {
      refuse(address, message, 400, "invalid", e.getMessage());
      return;
    }
    String agent = message.headers().get(AgentAddresses.AGENT_HEADER);
    if (agent == null || !agent.equals(event.agentId())) {
      refuse(address, message, 403, "forbidden", "agentId is not the agent of this connection");
      return;
    }
    String desks = message.headers().get(AgentAddresses.DESKS_HEADER);
    if (desks == null || !List.of(desks.split(",")).contains(event.deskId())) {
      refuse(
          address,
          message,
          403,
          "wrong_desk",
          "deskId is not one of the desks of this agent's token (enrol it with --desk)");
      return;
    }
    Future<JsonObject> reply =
        event instanceof CardInserted inserted
            ? inserted(inserted, payload(body))
            : event instanceof CardProof proof
                ? proof(proof, payload(body))
                : plain(event, payload(body));
    reply.onComplete(
        done -> {
          if (done.succeeded()) {
            String status = done.result().getString("status");
            metrics.received(address, status);
            LOG.atInfo()
                .addKeyValue("eventId", event.eventId())
                .addKeyValue("kind", address)
                .addKeyValue("agentId", event.agentId())
                .addKeyValue("deskId", event.deskId())
                .addKeyValue("state", status)
                .addKeyValue("outcome", done.result().getString("outcome", "-"))
                .addKeyValue("durationMs", (System.nanoTime() - received) / 1_000_000)
                .log("agent event");
            message.reply(done.result());
          } else if (done.cause() instanceof CardStore.ChallengeRefused r) {
            refuse(address, message, 409, "conflict", r.getMessage());
          } else {
            LOG.atError()
                .setCause(done.cause())
                .addKeyValue("eventId", event.eventId())
                .addKeyValue("kind", address)
                .log("cannot store an agent event");
            metrics.received(address, "error");
            message.fail(500, "the gateway could not store the event; send it again");
          }
        });
  }

  private void refuse(
      String address, Message<Object> message, int code, String outcome, String why) {
    metrics.received(address, outcome);
    LOG.atInfo()
        .addKeyValue("kind", address)
        .addKeyValue("status", code)
        .addKeyValue("outcome", outcome)
        .addKeyValue("reason", why)
        .log("agent event refused");
    message.fail(code, why);
  }

  /** removed, status, error: stored with their outbox event. */
  private Future<JsonObject> plain(AgentEvent e, JsonObject payload) {
    JsonObject data = common(e);
    EventType type;
    if (e instanceof ReaderStatus status) {
      type = EventType.READER_STATUS;
      data.put("state", status.state().wire());
    } else if (e instanceof CardError error) {
      type = EventType.CARD_ERROR;
      data.put("kind", error.kind().name());
      error.pinTriesLeft().ifPresent(n -> data.put("pinTriesLeft", n));
      if (error.cardEventId() != null) {
        data.put("cardEventId", error.cardEventId().toString());
      }
    } else {
      type = EventType.CARD_REMOVED;
    }
    return events
        .storeOnce(
            e, payload, Optional.of(Event.of(type, data)), tx -> Future.succeededFuture(true))
        .map(stored -> status(stored.isPresent()));
  }

  private Future<JsonObject> inserted(CardInserted e, JsonObject payload) {
    JsonObject data = common(e).put("cardType", e.cardType().wire());
    Optional<Event> outbox = Optional.of(Event.of(EventType.CARD_INSERTED, data));
    if (e.cardType() != CardType.MYNUMBER) {
      return events
          .storeOnce(e, payload, outbox, tx -> Future.succeededFuture(true))
          .map(stored -> status(stored.isPresent()));
    }
    JpkiTrust.Verified card;
    try {
      card = identity.verify(e.certificate());
    } catch (JpkiTrust.Refused refused) {
      JsonObject reply = new CardIdentity.Outcome.Refused(refused.getMessage()).toJson();
      return events
          .storeOnce(e, payload, outbox, tx -> Future.succeededFuture(true))
          .map(stored -> stored.isPresent() ? status(true).mergeIn(reply) : status(false));
    }
    if (!identity.requirePin()) {
      return events
          .storeOnce(e, payload, outbox, tx -> Future.succeededFuture(true))
          .compose(
              stored ->
                  stored.isEmpty()
                      ? Future.succeededFuture(status(false))
                      : identity
                          .identify(
                              card.fingerprint(),
                              e.agentId(),
                              e.deskId(),
                              e.readerId(),
                              e.eventId())
                          .map(o -> status(true).mergeIn(o.toJson())));
    }
    Challenge challenge =
        identity.challenge(e.eventId(), e.agentId(), e.deskId(), e.readerId(), card);
    return events
        .storeOnce(
            e, payload, outbox, tx -> identity.store().insertChallenge(tx, challenge).map(true))
        .map(
            stored ->
                stored.isEmpty()
                    ? status(false)
                    : status(true).put("challenge", CardIdentity.toJson(challenge)));
  }

  private Future<JsonObject> proof(CardProof e, JsonObject payload) {
    return events
        .storeOnce(
            e,
            payload,
            Optional.empty(),
            tx ->
                identity
                    .store()
                    .useChallenge(
                        tx, UUID.fromString(e.challengeId()), e.cardEventId(), e.agentId()))
        .compose(
            challenge ->
                challenge.isEmpty()
                    ? Future.succeededFuture(status(false))
                    : identity
                        .proven(challenge.get(), e.signature())
                        .map(o -> status(true).mergeIn(o.toJson())));
  }

  private static JsonObject status(boolean stored) {
    return new JsonObject().put("status", stored ? "accepted" : "duplicate");
  }

  /** ids, desk and reader: what every outbox event of an agent carries. */
  private static JsonObject common(AgentEvent e) {
    return new JsonObject()
        .put("eventId", e.eventId().toString())
        .put("agentId", e.agentId())
        .put("deskId", e.deskId())
        .put("readerId", e.readerId())
        .put("occurredAt", e.occurredAt().toString());
  }

  /** The body as stored: without the certificate (kept with its challenge only) or signature. */
  private static JsonObject payload(JsonObject body) {
    JsonObject p = body.copy();
    p.remove("certificate");
    p.remove("signature");
    return p;
  }
}
