package jp.oqsgateway.gateway.http.ops;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.FaultRule;
import jp.oqsgateway.gateway.oqs.simulator.FaultType;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
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
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operations screen's data through real HTTP, with the gateway's link talking to the simulated
 * terminal, a reader agent on the real agent server and a webhook receiver: what an operator sees
 * when the link program stops, when an exchange's outcome is unknown and is retried, when an agent
 * comes and goes, when a delivery is given up; and who may see it.
 */
@ExtendWith(VertxExtension.class)
class OperationsScreenTest {
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();

  // Short deadlines so DOWN and OUTCOME_UNKNOWN come within seconds; one attempt per delivery;
  // checks written even while the link is down, so the restarted link program picks one up.
  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal(
          "ops",
          WebhookReceiver.allowedWith(
              Map.of(
                  "oqs.link.timeout", "10s",
                  "oqs.link.pickup-threshold", "2s",
                  "qualification.stale-fallback", "false",
                  "webhooks.max-attempts", "1")));

  private static final ChartApi chart = ChartApi.of(gw);
  private static TerminalSimulator terminal;
  private static WebClient client;

  @BeforeAll
  static void startTerminal(Vertx vertx) {
    terminal = gw.startTerminal(PEOPLE);
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stopTerminal() {
    terminal.stop();
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String path, Role role) {
    HttpRequest<Buffer> request =
        client
            .request(method, gw.apiPort(), "127.0.0.1", path)
            .putHeader("Authorization", gw.bearer(role));
    return (method == HttpMethod.POST
            ? request.sendJsonObject(new JsonObject().put("action", "insert"))
            : request.send())
        .await();
  }

  private static JsonObject overview() {
    HttpResponse<Buffer> r = call(HttpMethod.GET, "/api/v1/ops/overview", Role.OPS);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  private static String linkState() {
    return overview().getJsonObject("link").getString("state");
  }

  private static JsonArray exchanges(String state) {
    HttpResponse<Buffer> r =
        call(HttpMethod.GET, "/api/v1/oqs-exchanges?state=" + state + "&limit=200", Role.OPS);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("exchanges");
  }

  private static String exchangeOf(String checkId) {
    return gw.firstRow(
            "select exchange_id::text from qualification_check where id = $1::uuid", checkId)
        .getString(0);
  }

  private static String exchangeState(String exchangeId) {
    return gw.firstRow("select state from oqs_exchange where id = $1::uuid", exchangeId)
        .getString(0);
  }

  /** A check answered within 20 s: the link program is taking requests. */
  private static void answeredCheck() {
    HttpResponse<Buffer> r =
        chart.postCheck("?wait=20", CheckBodies.forPerson(PEOPLE.first("family")));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
  }

  @Test
  void theOverviewShowsTheLinkDownWithItsTimeOnceTheSimulatedLinkProgramStopsPickingUp() {
    answeredCheck();
    JsonObject up = overview().getJsonObject("link");
    assertThat(up.getString("state")).isEqualTo("UP");
    assertThat(up.getString("lastGoodRoundTripAt")).isNotNull();
    assertThat(up.getLong("pickupDelayMs")).isNotNull().isGreaterThanOrEqualTo(0L);

    Instant stopped = Instant.now();
    terminal.stop();
    try {
      HttpResponse<Buffer> queued =
          chart.postCheck("?wait=0", CheckBodies.forPerson(PEOPLE.first("family")));
      assertThat(queued.statusCode()).as(queued.bodyAsString()).isEqualTo(202);
      JsonObject down =
          await("the overview shows the link down")
              .atMost(Duration.ofSeconds(15))
              .until(
                  () -> overview().getJsonObject("link"), l -> "DOWN".equals(l.getString("state")));
      assertThat(Instant.parse(down.getString("since"))).isAfter(stopped);
      assertThat(down.getString("reason")).contains("not picked up");
    } finally {
      terminal = gw.startTerminal(PEOPLE);
    }
    await("the link is up again")
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              if (!"UP".equals(linkState())) {
                chart.postCheck("?wait=2", CheckBodies.forPerson(PEOPLE.first("family")));
              }
              return linkState();
            },
            "UP"::equals);
  }

  /** A check whose request the simulator takes and never answers: its 504. */
  private static HttpResponse<Buffer> checkOutcomeUnknown() {
    terminal.faults().add(FaultRule.next("OQSsiquc01", 1, FaultType.NO_ANSWER));
    HttpResponse<Buffer> timedOut =
        chart.postCheck("?wait=30", CheckBodies.forPerson(PEOPLE.first("family")));
    assertThat(timedOut.statusCode()).as(timedOut.bodyAsString()).isEqualTo(504);
    return timedOut;
  }

  @Test
  void anOutcomeUnknownExchangeIsListedAndItsRetryCreatesANewExchangeThatTheSimulatorAnswers() {
    HttpResponse<Buffer> timedOut = checkOutcomeUnknown();
    String exchangeId = exchangeOf(timedOut.bodyAsJsonObject().getString("checkId"));

    JsonObject listed =
        exchanges("OUTCOME_UNKNOWN").stream()
            .map(JsonObject.class::cast)
            .filter(e -> exchangeId.equals(e.getString("id")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("exchange " + exchangeId + " not listed"));
    assertThat(listed.getString("kind")).isEqualTo("SIQUC01");
    assertThat(listed.getString("failureClass")).isEqualTo("outcome-unknown");
    assertThat(listed.getString("pickedUpAt")).isNotNull();
    assertThat(listed.containsKey("retriedBy")).isFalse();
    assertThat(overview().getJsonObject("exchanges").getLong("outcomeUnknown")).isPositive();
    JsonObject failure =
        overview().getJsonArray("recentFailures").stream()
            .map(JsonObject.class::cast)
            .filter(
                f ->
                    timedOut.bodyAsJsonObject().getString("checkId").equals(f.getString("checkId")))
            .findFirst()
            .orElseThrow();
    assertThat(failure.getString("failureReason")).isEqualTo("OUTCOME_UNKNOWN");
    assertThat(failure.getString("kind")).isEqualTo("SIQUC01");

    HttpResponse<Buffer> retried =
        call(HttpMethod.POST, "/api/v1/oqs-exchanges/" + exchangeId + "/retry", Role.OPS);
    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(201);
    JsonObject created = retried.bodyAsJsonObject();
    assertThat(created.getString("retryOf")).isEqualTo(exchangeId);
    assertThat(created.getString("id")).isNotEqualTo(exchangeId);
    String newId = created.getString("id");
    await("the simulator answered the retry")
        .atMost(Duration.ofSeconds(20))
        .until(() -> exchangeState(newId), "ANSWERED"::equals);

    JsonObject after =
        exchanges("OUTCOME_UNKNOWN").stream()
            .map(JsonObject.class::cast)
            .filter(e -> exchangeId.equals(e.getString("id")))
            .findFirst()
            .orElseThrow();
    assertThat(after.getString("retriedBy")).isEqualTo(newId);

    HttpResponse<Buffer> answered =
        call(HttpMethod.POST, "/api/v1/oqs-exchanges/" + newId + "/retry", Role.ADMIN);
    assertThat(answered.statusCode()).isEqualTo(409);
    assertThat(answered.bodyAsJsonObject().getString("type")).endsWith("exchange-not-retryable");
    assertThat(answered.bodyAsJsonObject().getString("detail")).contains("answered");
  }

  @Test
  void prometheusCountsAnOutcomeUnknownExchangeUntilSomeoneRetriesIt() {
    String exchangeId = exchangeOf(checkOutcomeUnknown().bodyAsJsonObject().getString("checkId"));
    long unknown = overview().getJsonObject("exchanges").getLong("outcomeUnknown");
    await("the metric counts what the operations screen counts")
        .atMost(Duration.ofSeconds(40))
        .until(() -> metric("oqsgw_oqs_exchanges_outcome_unknown") == unknown);

    HttpResponse<Buffer> retried =
        call(HttpMethod.POST, "/api/v1/oqs-exchanges/" + exchangeId + "/retry", Role.OPS);
    assertThat(retried.statusCode()).as(retried.bodyAsString()).isEqualTo(201);
    await("the retried exchange no longer counted")
        .atMost(Duration.ofSeconds(40))
        .until(() -> metric("oqsgw_oqs_exchanges_outcome_unknown") == unknown - 1);
  }

  /** The value of an unlabelled series on the management port's {@code /metrics}. */
  private static double metric(String name) {
    return client
        .get(gw.managementPort(), "127.0.0.1", "/metrics")
        .send()
        .await()
        .bodyAsString()
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
        .findFirst()
        .orElse(-1);
  }

  @Test
  void retryingAnExchangeNobodyKnowsIs404() {
    HttpResponse<Buffer> r =
        call(HttpMethod.POST, "/api/v1/oqs-exchanges/" + UUID.randomUUID() + "/retry", Role.OPS);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.bodyAsJsonObject().getString("detail")).startsWith("no exchange ");
  }

  @Test
  void anExchangeStateTheListDoesNotKnowIsRefusedNamingTheParameter() {
    HttpResponse<Buffer> r = call(HttpMethod.GET, "/api/v1/oqs-exchanges?state=ANSWERED", Role.OPS);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("state");
  }

  @Test
  void aReaderAgentDisconnectingRaisesAgentDisconnectedWithItsDesks(Vertx vertx) {
    var endpoint = gw.gateway().agents().orElseThrow();
    AgentLink agent =
        AgentLink.connect(
                vertx,
                AgentLink.trusting(endpoint.ca().orElseThrow()),
                endpoint.port(),
                gw.agentBearer("ops-agent-1", "uketsuke-2", "uketsuke-1"))
            .await();
    JsonObject listed =
        await("the overview lists the agent")
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    overview().getJsonArray("agents").stream()
                        .map(JsonObject.class::cast)
                        .filter(a -> "ops-agent-1".equals(a.getString("agentId")))
                        .findFirst()
                        .orElse(null),
                Objects::nonNull);
    assertThat(listed.getJsonArray("deskIds")).containsExactly("uketsuke-1", "uketsuke-2");
    JsonObject connected = agentEvent("agent.connected");
    assertThat(connected.getJsonArray("deskIds")).containsExactly("uketsuke-1", "uketsuke-2");
    assertThat(connected.getString("connectedAt")).isEqualTo(listed.getString("connectedSince"));

    agent.close();

    JsonObject disconnected =
        await("agent.disconnected was raised")
            .atMost(Duration.ofSeconds(10))
            .until(() -> agentEventOrNull("agent.disconnected"), Objects::nonNull);
    assertThat(disconnected.getJsonArray("deskIds")).containsExactly("uketsuke-1", "uketsuke-2");
    assertThat(disconnected.getString("reason")).isEqualTo("closed");
    assertThat(disconnected.getString("connectedSince"))
        .isEqualTo(listed.getString("connectedSince"));
    assertThat(overview().getJsonArray("agents").encode()).doesNotContain("ops-agent-1");
  }

  private static JsonObject agentEventOrNull(String type) {
    var rows =
        gw.query(
            "select payload from outbox_event where type = $1 and payload->>'agentId' = $2",
            type,
            "ops-agent-1");
    return rows.size() == 0 ? null : (JsonObject) rows.iterator().next().getJson("payload");
  }

  private static JsonObject agentEvent(String type) {
    return await(type + " was raised")
        .atMost(Duration.ofSeconds(10))
        .until(() -> agentEventOrNull(type), Objects::nonNull);
  }

  @Test
  void aDeliveryGivenUpRaisesWebhookGivenUpAndCountsInTheOverview(Vertx vertx) {
    try (WebhookReceiver refusing = WebhookReceiver.start(vertx).answering(r -> 500);
        WebhookReceiver operators = WebhookReceiver.start(vertx)) {
      JsonObject refused = chart.subscribeWebhook(refusing.url(), "check.answered");
      chart.subscribeWebhook(operators.url(), "webhook.given-up");
      long before = overview().getJsonObject("webhooks").getLong("givenUp24h");

      answeredCheck();

      JsonObject givenUp =
          await("the operators' receiver got webhook.given-up")
              .atMost(Duration.ofSeconds(20))
              .until(
                  () ->
                      operators.all().stream()
                          .map(WebhookReceiver.Received::json)
                          .filter(e -> "webhook.given-up".equals(e.getString("type")))
                          .findFirst()
                          .orElse(null),
                  Objects::nonNull)
              .getJsonObject("data");
      assertThat(givenUp.getString("subscriptionId")).isEqualTo(refused.getString("id"));
      assertThat(givenUp.getString("eventType")).isEqualTo("check.answered");
      assertThat(givenUp.getInteger("attempts")).isEqualTo(1);
      JsonObject webhooks = overview().getJsonObject("webhooks");
      assertThat(webhooks.getLong("givenUp24h")).isGreaterThan(before);
      assertThat(webhooks.getLong("activeSubscriptions")).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aChartOrReceptionTokenGets403FromEveryOpsOperation() {
    String exchange = "/api/v1/oqs-exchanges/" + UUID.randomUUID() + "/retry";
    List<Map.Entry<HttpMethod, String>> operations =
        List.of(
            Map.entry(HttpMethod.GET, "/api/v1/ops/overview"),
            Map.entry(HttpMethod.GET, "/api/v1/oqs-exchanges"),
            Map.entry(HttpMethod.POST, exchange),
            Map.entry(HttpMethod.GET, "/api/v1/demo/virtual-card"),
            Map.entry(HttpMethod.POST, "/api/v1/demo/virtual-card"));
    for (var op : operations) {
      for (Role role : List.of(Role.CHART, Role.RECEPTION, Role.CLINICIAN, Role.AGENT)) {
        HttpResponse<Buffer> r = call(op.getKey(), op.getValue(), role);
        assertThat(r.statusCode()).as(op + " as " + role).isEqualTo(403);
      }
      assertThat(call(op.getKey(), op.getValue(), Role.OPS).statusCode())
          .as(op + " as ops")
          .isNotIn(401, 403);
    }
  }

  @Test
  void withoutAVirtualCardTheDemoOperationsAnswer404NotADemoAndTheOverviewSaysSo() {
    for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.POST)) {
      HttpResponse<Buffer> r = call(method, "/api/v1/demo/virtual-card", Role.OPS);
      assertThat(r.statusCode()).as(method.name()).isEqualTo(404);
      assertThat(r.bodyAsJsonObject().getString("type")).endsWith("not-a-demo");
      assertThat(r.bodyAsJsonObject().getString("detail")).contains("demo.virtual-card-control");
    }
    assertThat(overview().getJsonObject("demo").getBoolean("virtualCard")).isFalse();
  }
}
