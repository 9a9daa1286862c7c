package jp.oqsgateway.gateway.agents;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import jp.oqsgateway.agentprotocol.AgentAddresses;
import jp.oqsgateway.gateway.auth.TokenRevocationStore;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.http.auth.TokenIssuer;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorJpkiCa;
import jp.oqsgateway.gateway.oqs.simulator.TerminalSimulator;
import jp.oqsgateway.gateway.testsupport.AgentLink;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's gateway side over a real TLS WebSocket, as an agent speaks docs/AGENT-PROTOCOL.md: a My
 * Number card (a simulator-CA certificate) is verified, proves possession by signing the gateway's
 * challenge, is linked to its chart patient once by a receptionist through the API, and from then
 * on runs the patient's OQS check (source card, desk, reader) whose answer reaches a webhook
 * subscriber; and every refusal the protocol names.
 */
@ExtendWith(VertxExtension.class)
class ReaderAgentLinkTest {
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();
  private static final String AGENT = "uketsuke-pc-1";
  private static final String DESK = "uketsuke-1";
  private static final String READER = "reader-1";

  private static InProcessGateway gw;
  private static Vertx vertx;
  private static WebClient client;
  private static SimulatorJpkiCa ca;
  private static TerminalSimulator terminal;
  private static WebhookReceiver hooks;
  private static WebSocketClientOptions trusting;
  private static int port;
  private static AgentLink agent;

  @BeforeAll
  static void start(Vertx v) throws IOException {
    vertx = v;
    // The terminal runs beside the gateway (its own process in the demo); the gateway trusts its
    // test CA through agents.jpki-ca, as the demo configures it.
    Path home = Files.createTempDirectory("oqsgw-home-");
    ca = SimulatorJpkiCa.open(home.resolve("var/oqs/.simulator/ca"));
    gw =
        InProcessGateway.withSimulatedTerminalIn(
            home,
            "agents",
            WebhookReceiver.allowedWith(
                Map.of(
                    "agents.jpki-ca",
                    ca.certificateFile().toString(),
                    "auth.token-cache-trust",
                    "1s")));
    terminal = gw.startTerminal(PEOPLE);
    client = WebClient.create(v);
    var endpoint = gw.gateway().agents().orElseThrow();
    port = endpoint.port();
    trusting = AgentLink.trusting(endpoint.ca().orElseThrow());
    hooks = WebhookReceiver.start(v);
    new ChartApi(v, gw)
        .subscribeWebhook(hooks.url(), "check.answered", "card.inserted", "card.link.task");
    agent = AgentLink.connect(v, trusting, port, gw.agentBearer(AGENT, DESK)).await();
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
    hooks.close();
    gw.close();
    terminal.stop();
  }

  // ------------------------------------------------------------------ the reception flow

  @Test
  void aCardIsLinkedOnceAndFromThenOnItsProofRunsThePatientsCheckAnsweredToAWebhookWithin2s() {
    SimulatedPerson person = CheckBodies.coveredToday(PEOPLE, 0);
    String patient = "CARD-P1";
    new ChartApi(vertx, gw).linkQualification(person, patient);
    SimulatorJpkiCa.VirtualCard card = ca.certificateFor(person.id());

    // First visit with the card: unknown, so a task for the desk.
    JsonObject proven = insertAndProve(card);
    assertThat(proven.getString("outcome")).as(proven.encode()).isEqualTo("LINK_TASK_OPENED");
    String taskId = proven.getString("taskId");

    HttpResponse<Buffer> tasks = get("/api/v1/card-link-tasks?desk=" + DESK, Role.RECEPTION);
    assertThat(tasks.statusCode()).isEqualTo(200);
    JsonObject task = find(tasks.bodyAsJsonObject().getJsonArray("tasks"), "id", taskId);
    assertThat(task.getString("reason")).isEqualTo("UNKNOWN_CARD");
    assertThat(task.getString("reader")).isEqualTo(READER);
    assertThat(task.fieldNames())
        .containsExactlyInAnyOrder("id", "reason", "desk", "reader", "createdAt", "presentedAt");

    String candidates =
        "/api/v1/card-link-tasks/"
            + taskId
            + "/candidates?birthDate="
            + person.birthDate()
            + "&kana="
            + URLEncoder.encode(person.nameKana(), StandardCharsets.UTF_8);
    HttpResponse<Buffer> offered = get(candidates, Role.RECEPTION);
    assertThat(offered.statusCode()).as(offered.bodyAsString()).isEqualTo(200);
    assertThat(offered.bodyAsJsonObject().getString("matchedBy")).isEqualTo("kanaAndBirthdate");
    assertThat(offered.bodyAsJsonObject().getJsonArray("candidates"))
        .contains(new JsonObject().put("chartPatientId", patient));
    assertThat(
            gw.firstRow(
                    "select count(*) as n from audit_read where purpose = 'candidates'"
                        + " and chart_patient_id = $1 and roles = '{reception}'",
                    patient)
                .getLong("n"))
        .as("the candidate shown is named in the read audit")
        .isEqualTo(1L);
    String anotherDesk = gw.deskBearer("uketsuke-9");
    assertThat(getAs(candidates, anotherDesk).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> notHers = linkTask(taskId, patient, anotherDesk);
    assertThat(notHers.statusCode()).as("another desk's task").isEqualTo(403);
    assertThat(notHers.bodyAsJsonObject().getString("field")).isEqualTo("desk");
    assertThat(
            get(candidates.replace(taskId, UUID.randomUUID().toString()), Role.RECEPTION)
                .statusCode())
        .isEqualTo(404);

    HttpResponse<Buffer> linked = linkTask(taskId, patient, gw.deskBearer(DESK));
    assertThat(linked.statusCode()).as(linked.bodyAsString()).isEqualTo(200);
    assertThat(linked.bodyAsJsonObject().getString("chartPatientId")).isEqualTo(patient);
    HttpResponse<Buffer> again = linkTask(taskId, patient);
    assertThat(again.statusCode()).as("confirming twice").isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("cardLinkId"))
        .isEqualTo(linked.bodyAsJsonObject().getString("cardLinkId"));
    assertThat(linkTask(taskId, "SOMEONE-ELSE").statusCode()).isEqualTo(409);
    assertThat(linkTask(UUID.randomUUID().toString(), patient).statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/card-link-tasks?desk=" + DESK, Role.CLINICIAN).bodyAsString())
        .doesNotContain(taskId);

    // Next visit: the card is known, its patient has a qualification link: the check runs.
    UUID inserted = UUID.randomUUID();
    JsonObject challenge = challengeFor(card, inserted);
    long t0 = System.nanoTime();
    JsonObject started = prove(card.privateKey(), inserted, challenge);
    assertThat(started.getString("outcome")).as(started.encode()).isEqualTo("CHECK_STARTED");
    String checkId = started.getString("checkId");
    await("check.answered of the card check")
        .atMost(Duration.ofSeconds(20))
        .until(() -> !answered(checkId).isEmpty());
    Duration took = Duration.ofNanos(answered(checkId).get(0).nanos() - t0);
    System.out.printf("reader agent: proof -> check.answered webhook in %d ms%n", took.toMillis());
    assertThat(took).as("proof to webhook").isLessThan(Duration.ofSeconds(2));

    JsonObject check =
        get("/api/v1/qualification-checks/" + checkId, Role.RECEPTION).bodyAsJsonObject();
    assertThat(check.getString("source")).isEqualTo("card");
    assertThat(check.getString("desk")).isEqualTo(DESK);
    assertThat(check.getString("reader")).isEqualTo(READER);
    assertThat(check.getString("state")).isEqualTo("ANSWERED");
    JsonObject data = answered(checkId).get(0).json().getJsonObject("data");
    assertThat(data.getString("desk")).isEqualTo(DESK);
    assertThat(data.getString("chartPatientId")).isEqualTo(patient);
    // The card check left for the desk's subscriber: the audit says to whom, for which desk.
    var delivered =
        gw.query(
            "select delivered_to, desk_id from audit_read"
                + " where purpose = 'webhook-delivery' and check_id = $1",
            UUID.fromString(checkId));
    assertThat(delivered.size()).isGreaterThanOrEqualTo(1);
    assertThat(delivered.iterator().next().getString("delivered_to"))
        .startsWith("webhook-subscription:");
    assertThat(delivered.iterator().next().getString("desk_id")).isEqualTo(DESK);

    String certificate = Base64.getEncoder().encodeToString(der(card));
    await("card.inserted webhooks")
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                hooks.all().stream()
                    .anyMatch(r -> r.body().toString().contains(inserted.toString())));
    assertThat(hooks.all())
        .allSatisfy(
            r -> assertThat(r.body().toString()).doesNotContain(certificate.substring(0, 40)));
  }

  @Test
  void
      aRenewedCardLinkedToTheSamePatientSupersedesTheOldLinkAndALinkedPatientWithoutQualificationGetsATask() {
    SimulatorJpkiCa.VirtualCard old = ca.certificateFor("renewal-old");
    SimulatorJpkiCa.VirtualCard renewed = ca.certificateFor("renewal-new");
    String first = insertAndProve(old).getString("taskId");
    String oldLink = linkTask(first, "CARD-P2").bodyAsJsonObject().getString("cardLinkId");
    JsonObject noQualification = insertAndProve(old);
    assertThat(noQualification.getString("outcome")).isEqualTo("LINK_TASK_OPENED");
    assertThat(
            find(
                    get("/api/v1/card-link-tasks?desk=" + DESK, Role.ADMIN)
                        .bodyAsJsonObject()
                        .getJsonArray("tasks"),
                    "id",
                    noQualification.getString("taskId"))
                .getString("reason"))
        .isEqualTo("NO_QUALIFICATION_LINK");

    String second = insertAndProve(renewed).getString("taskId");
    JsonObject relinked = linkTask(second, "CARD-P2").bodyAsJsonObject();
    assertThat(relinked.getJsonArray("supersededCardLinkIds")).containsExactly(oldLink);
    Long kept =
        gw.firstRow("select count(*) from card_link where chart_patient_id = $1", "CARD-P2")
            .getLong(0);
    assertThat(kept).as("the old link is kept for audit").isEqualTo(2);
  }

  // ------------------------------------------------------------------ delivery

  @Test
  void aRepeatedEventIdIsADuplicateAndRaisesOneOutboxEvent() {
    JsonObject removed = event(UUID.randomUUID());
    assertThat(reply(agent.send(AgentAddresses.CARD_REMOVED, removed)).getString("status"))
        .isEqualTo("accepted");
    assertThat(reply(agent.send(AgentAddresses.CARD_REMOVED, removed)).getString("status"))
        .isEqualTo("duplicate");
    assertThat(outboxEvents("card.removed", removed.getString("eventId"))).isEqualTo(1);

    UUID insertedId = UUID.randomUUID();
    JsonObject inserted = insertedBody(ca.certificateFor("duplicate-card"), insertedId);
    assertThat(reply(agent.send(AgentAddresses.CARD_INSERTED, inserted)).containsKey("challenge"))
        .isTrue();
    JsonObject duplicate = reply(agent.send(AgentAddresses.CARD_INSERTED, inserted));
    assertThat(duplicate).isEqualTo(new JsonObject().put("status", "duplicate"));
    assertThat(outboxEvents("card.inserted", insertedId.toString())).isEqualTo(1);

    JsonObject status = event(UUID.randomUUID()).put("state", "ready").put("detail", "ACS ACR39U");
    assertThat(reply(agent.send(AgentAddresses.READER_STATUS, status)).getString("status"))
        .isEqualTo("accepted");
    JsonObject error =
        event(UUID.randomUUID())
            .put("kind", "WRONG_PIN")
            .put("pinTriesLeft", 2)
            .put("cardEventId", insertedId.toString());
    assertThat(reply(agent.send(AgentAddresses.CARD_ERROR, error)).getString("status"))
        .isEqualTo("accepted");
    JsonObject payload = outboxPayload("card.error", error.getString("eventId"));
    assertThat(payload.getString("kind")).isEqualTo("WRONG_PIN");
    assertThat(payload.getInteger("pinTriesLeft")).isEqualTo(2);
    assertThat(outboxPayload("reader.status", status.getString("eventId")).getString("state"))
        .isEqualTo("ready");
  }

  // ------------------------------------------------------------------ refusals

  @Test
  void anAgentCanOnlySpeakForItselfAndAMalformedBodyIsRefusedNamingTheField() {
    JsonObject other = event(UUID.randomUUID()).put("agentId", "uketsuke-pc-2");
    forbiddenAndNotStored(other);

    JsonObject noDesk = event(UUID.randomUUID());
    noDesk.remove("deskId");
    JsonObject bad = agent.send(AgentAddresses.CARD_REMOVED, noDesk);
    assertThat(bad.getInteger("failureCode")).isEqualTo(400);
    assertThat(bad.getString("message")).startsWith("deskId: ");
    JsonObject badType =
        agent.send(AgentAddresses.CARD_INSERTED, event(UUID.randomUUID()).put("cardType", "suica"));
    assertThat(badType.getString("message")).startsWith("cardType: ");
  }

  @Test
  void aForgedSignatureAReusedOrExpiredChallengeAndAForeignCaAreRefusedWithAReason(
      @TempDir Path dir) {
    SimulatorJpkiCa foreign = SimulatorJpkiCa.open(dir.resolve("foreign"));
    JsonObject notOurs =
        reply(
            agent.send(
                AgentAddresses.CARD_INSERTED,
                insertedBody(foreign.certificateFor("someone"), UUID.randomUUID())));
    assertThat(notOurs.containsKey("challenge")).isFalse();
    assertThat(notOurs.getString("outcome")).isEqualTo("REFUSED");
    assertThat(notOurs.getString("reason")).contains("not issued by the configured JPKI CA");

    SimulatorJpkiCa.VirtualCard card = ca.certificateFor("forgery-target");
    UUID inserted = UUID.randomUUID();
    JsonObject challenge = challengeFor(card, inserted);
    JsonObject forged = prove(foreign.certificateFor("someone").privateKey(), inserted, challenge);
    assertThat(forged.getString("outcome")).isEqualTo("REFUSED");
    assertThat(forged.getString("reason")).contains("signature does not verify");

    JsonObject reused =
        agent.send(AgentAddresses.CARD_PROOF, proofBody(card.privateKey(), inserted, challenge));
    assertThat(reused.getInteger("failureCode")).isEqualTo(409);
    assertThat(reused.getString("message")).contains("answered already");

    UUID late = UUID.randomUUID();
    JsonObject expiring = challengeFor(card, late);
    expire(UUID.fromString(expiring.getString("challengeId")), "1 second");
    JsonObject expired =
        agent.send(AgentAddresses.CARD_PROOF, proofBody(card.privateKey(), late, expiring));
    assertThat(expired.getInteger("failureCode")).isEqualTo(409);
    assertThat(expired.getString("message")).contains("expired");

    JsonObject unknown =
        agent.send(
            AgentAddresses.CARD_PROOF,
            proofBody(
                card.privateKey(),
                late,
                new JsonObject()
                    .put("challengeId", UUID.randomUUID().toString())
                    .put("nonce", expiring.getString("nonce"))));
    assertThat(unknown.getInteger("failureCode")).isEqualTo(409);
  }

  @Test
  void aChallengeIsDeletedADayAfterItExpiredWhenTheNextCardIsChallenged() {
    SimulatorJpkiCa.VirtualCard card = ca.certificateFor("purge-target");
    UUID old = UUID.fromString(challengeFor(card, UUID.randomUUID()).getString("challengeId"));
    UUID recent = UUID.fromString(challengeFor(card, UUID.randomUUID()).getString("challengeId"));
    expire(old, "25 hours");
    expire(recent, "23 hours");

    challengeFor(card, UUID.randomUUID());

    assertThat(challengeExists(old)).as("expired more than a day ago").isFalse();
    assertThat(challengeExists(recent)).as("expired less than a day ago").isTrue();
  }

  private static void expire(UUID challenge, String ago) {
    gw.query(
        "update card_challenge set expires_at = now() - interval '" + ago + "' where id = $1",
        challenge);
  }

  private static boolean challengeExists(UUID challenge) {
    return gw.query("select 1 from card_challenge where id = $1", challenge).size() == 1;
  }

  @Test
  void agentsMaySendToTheirFiveAddressesOnlyNeverPublishOrRegister() {
    agent.write(
        new JsonObject()
            .put("type", "publish")
            .put("address", AgentAddresses.CARD_REMOVED)
            .put("body", event(UUID.randomUUID())));
    assertThat(agent.nextUnaddressed(Duration.ofSeconds(5)).getString("body"))
        .isEqualTo("rejected");
    agent.write(new JsonObject().put("type", "register").put("address", "check.answered"));
    assertThat(agent.nextUnaddressed(Duration.ofSeconds(5)).getString("body"))
        .isEqualTo("rejected");
    agent.write(
        new JsonObject()
            .put("type", "send")
            .put("address", "oqsgw.internal")
            .put("body", new JsonObject()));
    assertThat(agent.nextUnaddressed(Duration.ofSeconds(5)).getString("body"))
        .isEqualTo("access_denied");
    agent.ping();
    assertThat(
            reply(agent.send(AgentAddresses.CARD_REMOVED, event(UUID.randomUUID())))
                .getString("status"))
        .as("the socket still works")
        .isEqualTo("accepted");
  }

  @Test
  void withoutATokenWithAnotherRoleOrWithoutTlsThereIsNoSocket() {
    assertThatThrownBy(() -> AgentLink.connect(vertx, trusting, port, null).await())
        .isInstanceOfSatisfying(
            UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(401));
    for (Role other : List.of(Role.RECEPTION, Role.CHART, Role.ADMIN)) {
      assertThatThrownBy(
              () -> AgentLink.connect(vertx, trusting, port, gw.bearerFor(AGENT, other)).await())
          .as("a token with role " + other.claimValue() + " only")
          .isInstanceOfSatisfying(
              UpgradeRejectedException.class, e -> assertThat(e.getStatus()).isEqualTo(403));
    }
    assertThatThrownBy(
            () ->
                AgentLink.connect(
                        vertx, new WebSocketClientOptions(), port, gw.bearerFor(AGENT, Role.AGENT))
                    .await())
        .as("plain text to the TLS port")
        .isNotNull();
    assertThatThrownBy(
            () ->
                AgentLink.connect(
                        vertx,
                        new WebSocketClientOptions().setSsl(true),
                        port,
                        gw.bearerFor(AGENT, Role.AGENT))
                    .await())
        .as("a client that does not trust the agent CA")
        .isNotNull();
  }

  @Test
  void anAgentCannotReportForADeskItsTokenDoesNotNameAndNothingOfItIsStored() {
    JsonObject otherDesk = event(UUID.randomUUID()).put("deskId", "uketsuke-2");
    JsonObject refused = forbiddenAndNotStored(otherDesk);

    assertThat(refused.getString("message"))
        .isEqualTo("deskId is not one of the desks of this agent's token (enrol it with --desk)");
    assertThat(storedAgentEvents(otherDesk.getString("eventId"))).isZero();
    assertThat(
            metric(
                "oqsgw_agents_events_total{outcome=\"wrong_desk\",type=\"reader.card.removed\"}"))
        .isGreaterThanOrEqualTo(1.0);

    JsonObject ownDesk = event(UUID.randomUUID());
    assertThat(reply(agent.send(AgentAddresses.CARD_REMOVED, ownDesk)).getString("status"))
        .isEqualTo("accepted");
  }

  @Test
  void anAgentTokenForAnotherDeskCannotRaiseATaskOrCheckThere() {
    try (AgentLink elsewhere =
        AgentLink.connect(vertx, trusting, port, gw.agentBearer(AGENT, "uketsuke-9")).await()) {
      UUID id = UUID.randomUUID();
      JsonObject refused =
          elsewhere.send(
              AgentAddresses.CARD_INSERTED,
              insertedBody(ca.certificateFor(CheckBodies.coveredToday(PEOPLE, 3).id()), id));

      assertThat(refused.getInteger("failureCode")).isEqualTo(403);
      assertThat(storedAgentEvents(id.toString())).isZero();
      assertThat(outboxEvents("card.inserted", id.toString())).isZero();
    }
  }

  @Test
  void prometheusCountsTheAgentsServingEachDeskAndShowsADeskWhoseAgentLeftAsZero() {
    String series = "oqsgw_agents_desk_connected{desk=\"uketsuke-8\"}";
    try (AgentLink there =
        AgentLink.connect(vertx, trusting, port, gw.agentBearer("uketsuke-pc-8", "uketsuke-8"))
            .await()) {
      await("the desk's agent counted")
          .atMost(Duration.ofSeconds(5))
          .until(() -> metric(series) == 1.0);
    }
    await("the desk still shown, with no agent")
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                client
                    .get(gw.managementPort(), "127.0.0.1", "/metrics")
                    .send()
                    .await()
                    .bodyAsString()
                    .lines()
                    .anyMatch(l -> l.equals(series + " 0.0")));
  }

  @Test
  void theLinkIsClosedWhenItsTokenExpires() {
    Duration left = Duration.ofSeconds(3);
    String shortLived =
        "Bearer "
            + TokenIssuer.create(
                    gw.gateway().vertx(),
                    gw.config().auth(),
                    Clock.offset(Clock.systemUTC(), left.minus(Duration.ofMinutes(1))))
                .mint(AGENT, Set.of(Role.AGENT), Duration.ofMinutes(1), Set.of(DESK))
                .token();
    AgentLink link = AgentLink.connect(vertx, trusting, port, shortLived).await();
    try {
      assertThat(
              reply(link.send(AgentAddresses.CARD_REMOVED, event(UUID.randomUUID())))
                  .getString("status"))
          .isEqualTo("accepted");
      long started = System.nanoTime();

      link.closed().timeout(left.toSeconds() + 5, TimeUnit.SECONDS).await();

      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("closed at the token's expiry, not at the idle timeout")
          .isLessThan(left.plusSeconds(2));
      assertThat(metric("oqsgw_agents_expired_total")).isGreaterThanOrEqualTo(1.0);
    } finally {
      link.close();
    }
  }

  @Test
  void anOpenLinkIsClosedWithinSecondsOnceItsTokenIsRevokedAndCannotOpenAgain() {
    String bearer = gw.agentBearer("uketsuke-pc-7", DESK);
    AgentLink link = AgentLink.connect(vertx, trusting, port, bearer).await();
    try {
      String token = bearer.substring("Bearer ".length());
      String jti =
          new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1])))
              .getString("jti");
      new TokenRevocationStore(gw.gateway().pool()).revokeToken(jti, "test").await();
      long started = System.nanoTime();

      link.closed().timeout(5, TimeUnit.SECONDS).await();

      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("auth.token-cache-trust is 1s here")
          .isLessThan(Duration.ofSeconds(3));
      assertThat(metric("oqsgw_agents_revoked_total")).isGreaterThanOrEqualTo(1.0);
      await()
          .atMost(Duration.ofSeconds(3))
          .untilAsserted(
              () ->
                  assertThatThrownBy(() -> AgentLink.connect(vertx, trusting, port, bearer).await())
                      .isInstanceOfSatisfying(
                          UpgradeRejectedException.class,
                          e -> assertThat(e.getStatus()).isEqualTo(401)));
    } finally {
      link.close();
    }
  }

  // ------------------------------------------------------------------ helpers

  private static long storedAgentEvents(String eventId) {
    return gw.firstRow("select count(*) from agent_event where event_id = $1::uuid", eventId)
        .getLong(0);
  }

  /** A sample's value on the management server's /metrics (0 when absent). */
  private static double metric(String sample) {
    String body =
        client.get(gw.managementPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
    return body.lines()
        .filter(l -> l.startsWith(sample + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(sample.length() + 1).strip()))
        .sum();
  }

  /** Sends a {@code card.removed} the gateway must refuse with 403; the refusal, nothing stored. */
  private static JsonObject forbiddenAndNotStored(JsonObject removed) {
    JsonObject refused = agent.send(AgentAddresses.CARD_REMOVED, removed);
    assertThat(refused.getString("type")).isEqualTo("err");
    assertThat(refused.getInteger("failureCode")).isEqualTo(403);
    assertThat(outboxEvents("card.removed", removed.getString("eventId"))).isZero();
    return refused;
  }

  private static JsonObject event(UUID id) {
    return new JsonObject()
        .put("eventId", id.toString())
        .put("agentId", AGENT)
        .put("readerId", READER)
        .put("deskId", DESK)
        .put("occurredAt", Instant.now().toString());
  }

  private static byte[] der(SimulatorJpkiCa.VirtualCard card) {
    try {
      return card.certificate().getEncoded();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject insertedBody(SimulatorJpkiCa.VirtualCard card, UUID id) {
    return event(id)
        .put("cardType", "mynumber")
        .put("certificate", Base64.getEncoder().encodeToString(der(card)))
        .put("atr", "3BE000FF8131FE4514");
  }

  /** Inserts the card and answers its challenge. */
  private static JsonObject challengeFor(SimulatorJpkiCa.VirtualCard card, UUID id) {
    JsonObject r = reply(agent.send(AgentAddresses.CARD_INSERTED, insertedBody(card, id)));
    assertThat(r.getString("status")).isEqualTo("accepted");
    JsonObject challenge = r.getJsonObject("challenge");
    assertThat(challenge).as(r.encode()).isNotNull();
    assertThat(Base64.getDecoder().decode(challenge.getString("nonce"))).hasSize(32);
    assertThat(Instant.parse(challenge.getString("expiresAt"))).isAfter(Instant.now());
    return challenge;
  }

  private static JsonObject insertAndProve(SimulatorJpkiCa.VirtualCard card) {
    UUID id = UUID.randomUUID();
    return prove(card.privateKey(), id, challengeFor(card, id));
  }

  private static JsonObject proofBody(PrivateKey key, UUID cardEvent, JsonObject challenge) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(Base64.getDecoder().decode(challenge.getString("nonce")));
      return event(UUID.randomUUID())
          .put("cardEventId", cardEvent.toString())
          .put("challengeId", challenge.getString("challengeId"))
          .put("signature", Base64.getEncoder().encodeToString(s.sign()));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject prove(PrivateKey key, UUID cardEvent, JsonObject challenge) {
    JsonObject r =
        reply(agent.send(AgentAddresses.CARD_PROOF, proofBody(key, cardEvent, challenge)));
    assertThat(r.getString("status")).isEqualTo("accepted");
    return r;
  }

  /** The body of a reply frame; fails on an error frame. */
  private static JsonObject reply(JsonObject frame) {
    assertThat(frame.getString("type")).as(frame.encode()).isEqualTo("rec");
    return frame.getJsonObject("body");
  }

  private static HttpResponse<Buffer> get(String path, Role role) {
    return getAs(path, gw.bearer(role));
  }

  private static HttpResponse<Buffer> getAs(String path, String bearer) {
    return client
        .get(gw.apiPort(), "127.0.0.1", path)
        .putHeader("Authorization", bearer)
        .send()
        .await();
  }

  private static HttpResponse<Buffer> linkTask(String taskId, String patient) {
    return linkTask(taskId, patient, gw.bearer(Role.RECEPTION));
  }

  private static HttpResponse<Buffer> linkTask(String taskId, String patient, String bearer) {
    return client
        .post(gw.apiPort(), "127.0.0.1", "/api/v1/card-link-tasks/" + taskId + "/link")
        .putHeader("Authorization", bearer)
        .sendJsonObject(new JsonObject().put("chartPatientId", patient))
        .await();
  }

  private static JsonObject find(JsonArray items, String field, String value) {
    for (Object o : items) {
      if (o instanceof JsonObject j && value.equals(j.getString(field))) {
        return j;
      }
    }
    throw new AssertionError(value + " not in " + items.encode());
  }

  private static List<WebhookReceiver.Received> answered(String checkId) {
    return hooks.all().stream()
        .filter(r -> "check.answered".equals(r.eventType()))
        .filter(r -> checkId.equals(r.json().getJsonObject("data").getString("checkId")))
        .toList();
  }

  private static long outboxEvents(String type, String eventId) {
    return gw.firstRow(
            "select count(*) from outbox_event where type = $1 and payload->>'eventId' = $2",
            type,
            eventId)
        .getLong(0);
  }

  private static JsonObject outboxPayload(String type, String eventId) {
    return (JsonObject)
        gw.firstRow(
                "select payload from outbox_event where type = $1 and payload->>'eventId' = $2",
                type,
                eventId)
            .getJson("payload");
  }

  @SuppressWarnings("unused")
  private static boolean exists(Path p) {
    return Files.exists(p);
  }
}
