package jp.oqsgateway.gateway.http.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Managing webhook subscriptions through the API: who may, what is refused, what is never shown.
 */
@ExtendWith(VertxExtension.class)
class WebhookSubscriptionApiTest {
  private static final String PATH = "/api/v1/webhook-subscriptions";

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClass(
          "webhook_api", Map.of("webhooks.max-subscriptions-per-subject", "3"));

  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) {
    client = WebClient.create(vertx);
  }

  private static JsonObject subscription(String url, String... types) {
    return new JsonObject().put("url", url).put("eventTypes", new JsonArray(List.of(types)));
  }

  private static HttpResponse<Buffer> create(String bearer, JsonObject body) {
    var request = client.post(gw.apiPort(), "127.0.0.1", PATH);
    if (bearer != null) {
      request.putHeader("Authorization", bearer);
    }
    return request.sendJsonObject(body).await();
  }

  private static HttpResponse<Buffer> call(HttpMethod method, String path, String bearer) {
    var request = client.request(method, gw.apiPort(), "127.0.0.1", path);
    if (bearer != null) {
      request.putHeader("Authorization", bearer);
    }
    return request.send().await();
  }

  private static void assertProblem(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(r.bodyAsJsonObject().getInteger("status")).isEqualTo(status);
  }

  @Test
  void theSecretIsAnsweredOnceAtCreationAndNeverByGet() {
    HttpResponse<Buffer> created =
        create(
            gw.bearer(Role.CHART), subscription("https://karte.example/hooks", "check.answered"));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    JsonObject body = created.bodyAsJsonObject();
    String secret = body.getString("secret");
    assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
    assertThat(created.getHeader("Location")).isEqualTo(PATH + "/" + body.getString("id"));
    assertThat(body.getString("createdBy")).isEqualTo("test-client");

    HttpResponse<Buffer> listed = call(HttpMethod.GET, PATH, gw.bearer(Role.CHART));
    assertThat(listed.statusCode()).isEqualTo(200);
    assertThat(listed.bodyAsString()).contains(body.getString("id")).doesNotContain(secret);
    JsonObject item =
        listed.bodyAsJsonObject().getJsonArray("subscriptions").stream()
            .map(JsonObject.class::cast)
            .filter(s -> s.getString("id").equals(body.getString("id")))
            .findFirst()
            .orElseThrow();
    assertThat(item.containsKey("secret")).isFalse();
    assertThat(item.getJsonArray("eventTypes")).containsExactly("check.answered");

    HttpResponse<Buffer> log =
        call(
            HttpMethod.GET, PATH + "/" + body.getString("id") + "/deliveries", gw.bearer(Role.OPS));
    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(log.bodyAsString()).doesNotContain(secret);
  }

  @Test
  void aDeletedSubscriptionIsGoneAndDeletingItAgainIs404() {
    String id =
        create(gw.bearer(Role.CHART), subscription("https://karte.example/x", "terminal.link.down"))
            .bodyAsJsonObject()
            .getString("id");
    assertThat(call(HttpMethod.DELETE, PATH + "/" + id, gw.bearer(Role.CHART)).statusCode())
        .isEqualTo(204);
    assertProblem(call(HttpMethod.DELETE, PATH + "/" + id, gw.bearer(Role.CHART)), 404);
    assertProblem(
        call(HttpMethod.GET, PATH + "/" + id + "/deliveries", gw.bearer(Role.CHART)), 404);
    assertThat(call(HttpMethod.GET, PATH, gw.bearer(Role.ADMIN)).bodyAsString()).doesNotContain(id);
  }

  @Test
  void withoutATokenEveryWebhookOperationAnswers401() {
    assertProblem(create(null, subscription("https://karte.example/h", "check.failed")), 401);
    assertProblem(call(HttpMethod.GET, PATH, null), 401);
    String someId = "7d0c7cf4-5bd0-4f3a-9c3c-1b1b1b1b1b1b";
    assertProblem(call(HttpMethod.DELETE, PATH + "/" + someId, null), 401);
    assertProblem(call(HttpMethod.GET, PATH + "/" + someId + "/deliveries", null), 401);
  }

  @Test
  void receptionMayNotManageWebhooksAndOperatorsMayOnlyReadThem() {
    assertProblem(
        create(gw.bearer(Role.RECEPTION), subscription("https://karte.example/h", "check.failed")),
        403);
    assertProblem(
        create(gw.bearer(Role.OPS), subscription("https://karte.example/h", "check.failed")), 403);
    assertProblem(call(HttpMethod.GET, PATH, gw.bearer(Role.CLINICIAN)), 403);
    assertThat(call(HttpMethod.GET, PATH, gw.bearer(Role.OPS)).statusCode()).isEqualTo(200);
    assertProblem(
        call(
            HttpMethod.DELETE, PATH + "/7d0c7cf4-5bd0-4f3a-9c3c-1b1b1b1b1b1b", gw.bearer(Role.OPS)),
        403);
  }

  @Test
  void theRouterRefusesAnotherSchemeAnUnknownEventTypeAndUnknownFields() {
    String chart = gw.bearer(Role.CHART);
    HttpResponse<Buffer> ftp = create(chart, subscription("ftp://karte.example/h", "check.failed"));
    assertProblem(ftp, 400);
    assertThat(ftp.bodyAsJsonObject().getString("detail")).contains("url");
    HttpResponse<Buffer> unknownType =
        create(chart, subscription("https://karte.example/h", "check.deleted"));
    assertProblem(unknownType, 400);
    assertThat(unknownType.bodyAsJsonObject().getString("detail")).contains("eventTypes");
    assertProblem(create(chart, subscription("https://karte.example/h")), 400);
    assertProblem(
        create(
            chart, subscription("https://karte.example/h", "check.failed").put("secret", "mine")),
        400);
    assertProblem(call(HttpMethod.DELETE, PATH + "/not-a-uuid", chart), 400);
    assertProblem(
        call(
            HttpMethod.GET,
            PATH + "/7d0c7cf4-5bd0-4f3a-9c3c-1b1b1b1b1b1b/deliveries?limit=0",
            chart),
        400);
  }

  @Test
  void aChartSystemSeesAndDeletesOnlyItsOwnSubscriptionsWhileOperatorsSeeAll() {
    String mine = gw.bearerFor("karte-a", Role.CHART);
    String theirs = gw.bearerFor("karte-b", Role.CHART);
    String id =
        create(mine, subscription("https://karte-a.example/h", "job.progress"))
            .bodyAsJsonObject()
            .getString("id");

    assertThat(call(HttpMethod.GET, PATH, theirs).bodyAsString()).doesNotContain(id);
    assertProblem(call(HttpMethod.GET, PATH + "/" + id + "/deliveries", theirs), 404);
    assertProblem(call(HttpMethod.DELETE, PATH + "/" + id, theirs), 404);
    assertThat(call(HttpMethod.GET, PATH, mine).bodyAsString()).contains(id);
    assertThat(call(HttpMethod.GET, PATH, gw.bearerFor("operator", Role.OPS)).bodyAsString())
        .contains(id);
    assertThat(call(HttpMethod.GET, PATH + "/" + id + "/deliveries", mine).statusCode())
        .isEqualTo(200);
  }

  @ParameterizedTest
  @CsvSource({
    "https://127.0.0.1/hooks, a loopback address",
    "https://169.254.169.254/latest/meta-data/, a link-local address",
    "https://10.0.0.1/hooks, a private address",
    "https://192.168.1.20:8443/hooks, a private address",
    "https://[::1]/hooks, a loopback address",
    "https://[::ffff:127.0.0.1]/hooks, a loopback address",
    "https://[::ffff:a9fe:a9fe]/hooks, a link-local address",
    "https://localhost/hooks, a loopback address",
    "https://127.1/hooks, must name a host",
    "https://2130706433/hooks, a loopback address",
    "https://[fd00::1]/hooks, a private address",
    "https://127.0.0.1:%MGMT%/health/ready, the gateway's own ports",
    "https://localhost:%API%/api/v1/audit/reads, the gateway's own ports"
  })
  void aWebhookAimedAtThisMachineOrTheClinicLanIsRefusedAtSubscriptionNamingTheRule(
      String url, String rule) {
    String target =
        url.replace("%MGMT%", String.valueOf(gw.managementPort()))
            .replace("%API%", String.valueOf(gw.apiPort()));
    HttpResponse<Buffer> r =
        create(gw.bearerFor("karte-ssrf", Role.CHART), subscription(target, "check.answered"));
    assertProblem(r, 400);
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getString("field")).isEqualTo("url");
    assertThat(problem.getString("detail")).startsWith("url ").contains(rule);
    if (rule.endsWith("address")) {
      assertThat(problem.getString("detail")).contains("webhooks.allow-hosts");
    }
    assertThat(call(HttpMethod.GET, PATH, gw.bearerFor("karte-ssrf", Role.CHART)).bodyAsString())
        .doesNotContain(target);
  }

  @Test
  void plainHttpIsRefusedAtSubscriptionUnlessTheOperatorAllowsIt() {
    HttpResponse<Buffer> r =
        create(gw.bearer(Role.CHART), subscription("http://karte.example/h", "check.failed"));
    assertProblem(r, 400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("url");
    assertThat(r.bodyAsJsonObject().getString("detail"))
        .contains("https")
        .contains("webhooks.allow-http");
  }

  @Test
  void aSubjectHoldingTheMostSubscriptionsAllowedGets409UntilItDeletesOne() {
    String bearer = gw.bearerFor("karte-cap", Role.CHART);
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<Buffer> ok =
          create(bearer, subscription("https://karte.example/" + i, "check.failed"));
      assertThat(ok.statusCode()).as(ok.bodyAsString()).isEqualTo(201);
      ids.add(ok.bodyAsJsonObject().getString("id"));
    }
    HttpResponse<Buffer> fourth =
        create(bearer, subscription("https://karte.example/4", "check.failed"));
    assertProblem(fourth, 409);
    assertThat(fourth.bodyAsJsonObject().getString("detail"))
        .contains("3")
        .contains("webhooks.max-subscriptions-per-subject");
    // another subject is not affected
    assertThat(
            create(
                    gw.bearerFor("karte-other", Role.CHART),
                    subscription("https://karte.example/o", "check.failed"))
                .statusCode())
        .isEqualTo(201);

    assertThat(call(HttpMethod.DELETE, PATH + "/" + ids.get(0), bearer).statusCode())
        .isEqualTo(204);
    assertThat(create(bearer, subscription("https://karte.example/5", "check.failed")).statusCode())
        .isEqualTo(201);
  }

  @Test
  void theSecretIsStoredEncryptedNotAsTheCallerReceivedIt() {
    JsonObject created =
        create(gw.bearer(Role.CHART), subscription("https://karte.example/enc", "check.failed"))
            .bodyAsJsonObject();
    String secret = created.getString("secret");
    String stored =
        gw.firstRow(
                "select secret from webhook_subscription where id = $1",
                java.util.UUID.fromString(created.getString("id")))
            .getString("secret");
    assertThat(stored)
        .startsWith("enc:v1:")
        .doesNotContain(secret)
        .doesNotContain(secret.substring(6));
    // and the database refuses a secret written in plain text
    assertThat(
            gw.gateway()
                .pool()
                .preparedQuery(
                    "insert into webhook_subscription (id, url, event_types, secret, created_by)"
                        + " values (gen_random_uuid(), 'https://x.example', '{check.failed}',"
                        + " 'whsec_plain', 'sql')")
                .execute()
                .toCompletionStage()
                .toCompletableFuture())
        .failsWithin(java.time.Duration.ofSeconds(5));
  }
}
