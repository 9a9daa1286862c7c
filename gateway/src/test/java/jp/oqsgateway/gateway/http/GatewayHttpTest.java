package jp.oqsgateway.gateway.http;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gateway's two HTTP servers, as chart systems, browsers, probes and Prometheus see them. */
@ExtendWith(VertxExtension.class)
class GatewayHttpTest {
  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClass("http", Map.of("http.max-body-kb", "1"));

  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) {
    client = WebClient.create(vertx);
  }

  private HttpResponse<Buffer> get(int port, String path) {
    return client.get(port, "127.0.0.1", path).send().await();
  }

  @Test
  void readinessIsUpAndListsTheDatabaseTheExchangeFoldersAndTheOqsLink() {
    HttpResponse<Buffer> r = get(gw.managementPort(), "/health/ready");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("status")).isEqualTo("UP");
    JsonArray checks = body.getJsonArray("checks");
    assertThat(checks.stream().map(o -> ((JsonObject) o).getString("name")))
        .containsExactly("database", "oqs-folders", "oqs-link");
    JsonObject db = checks.getJsonObject(0);
    assertThat(db.getJsonObject("details").getString("schemaVersion")).isEqualTo(latestMigration());
  }

  /** The highest V<n>__*.sql shipped, so adding a migration does not mean editing this test. */
  private static String latestMigration() {
    try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
      return String.valueOf(
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.matches("V[0-9]+__.*\\.sql"))
              .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
              .max()
              .orElseThrow());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void livenessAnswersWithoutTouchingDependencies() {
    HttpResponse<Buffer> r = get(gw.managementPort(), "/health/live");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsJsonObject().getString("status")).isEqualTo("UP");
  }

  @Test
  void aMissingTerminalFolderMakesTheGatewayUnreadyAndNamesTheFolder() throws Exception {
    var res = gw.home().resolve("var/oqs/res");
    Files.delete(res);
    try {
      HttpResponse<Buffer> r = get(gw.managementPort(), "/health/ready");
      assertThat(r.statusCode()).isEqualTo(503);
      JsonObject folders = r.bodyAsJsonObject().getJsonArray("checks").getJsonObject(1);
      assertThat(folders.getString("status")).isEqualTo("DOWN");
      assertThat(folders.getString("reason")).contains("res/");

      // The public status is evaluated at most every few seconds: wait for the next evaluation.
      HttpResponse<Buffer> status =
          await("the next evaluation of the public status")
              .atMost(SystemStatusHandler.CACHED_FOR.multipliedBy(3))
              .until(
                  () -> get(gw.apiPort(), "/api/v1/system/status"),
                  s -> s.bodyAsJsonObject().getString("status").equals("DOWN"));
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(status.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
      assertThat(status.bodyAsString())
          .as("anyone may call it: no folder path")
          .doesNotContain("res/")
          .doesNotContain(gw.home().toString());
    } finally {
      Files.createDirectories(res);
    }
  }

  @Test
  void anUnknownApiPathGetsAProblemDocumentWithTheRequestId() {
    HttpResponse<Buffer> r = get(gw.apiPort(), "/api/v1/no-such-thing");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = r.bodyAsJsonObject();
    assertThat(problem.getInteger("status")).isEqualTo(404);
    assertThat(problem.getString("title")).isEqualTo("Not found");
    assertThat(problem.getString("requestId")).isEqualTo(r.getHeader("X-Request-Id"));
  }

  private static HttpResponse<Buffer> statusWithRequestId(String requestId) {
    return client
        .get(gw.apiPort(), "127.0.0.1", "/api/v1/system/status")
        .putHeader("X-Request-Id", requestId)
        .send()
        .await();
  }

  @Test
  void theGatewayAnswersItsOwnRequestIdNeverTheCallers() {
    HttpResponse<Buffer> kept = statusWithRequestId("chart-42.abc");
    assertThat(kept.getHeader("X-Request-Id")).matches("[0-9a-f]{16}");
    HttpResponse<Buffer> replaced = statusWithRequestId("<script>alert(1)</script>");
    assertThat(replaced.getHeader("X-Request-Id")).matches("[0-9a-f]{16}");
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413AsAProblemOnceTheCallerIsKnown() {
    Buffer tooLarge = Buffer.buffer("{\"x\":\"" + "x".repeat(4096) + "\"}");
    HttpResponse<Buffer> r =
        client
            .post(gw.apiPort(), "127.0.0.1", "/api/v1/qualification-checks")
            .putHeader("Content-Type", "application/json")
            .putHeader("Authorization", gw.bearer(Role.CHART))
            .sendBuffer(tooLarge)
            .await();
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void aCallerWithoutATokenIsRefusedBeforeItsBodyIsRead() {
    HttpResponse<Buffer> r =
        client
            .post(gw.apiPort(), "127.0.0.1", "/api/v1/qualification-checks")
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer("{\"x\":\"" + "x".repeat(4096) + "\"}"))
            .await();
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.getHeader("Connection")).isEqualTo("close");
  }

  @Test
  void everyResponseOfTheApiAndTheUiForbidsFramingSniffingReferrersAndCaching() {
    List<HttpResponse<Buffer>> responses =
        List.of(
            get(gw.apiPort(), "/"),
            get(gw.apiPort(), "/status.js"),
            get(gw.apiPort(), "/api/v1/system/status"),
            get(gw.apiPort(), "/api/v1/audit/reads"),
            get(gw.apiPort(), "/api/v1/no-such-thing"),
            get(gw.managementPort(), "/health/ready"));
    for (HttpResponse<Buffer> r : responses) {
      assertThat(r.getHeader("Content-Security-Policy"))
          .contains("default-src 'self'")
          .contains("frame-ancestors 'none'")
          .doesNotContain("unsafe-inline");
      assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.getHeader("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(r.getHeader("Cache-Control")).isEqualTo("no-store");
    }
  }

  @Test
  void theStaffScreenIsServedInJapaneseFromTheWebUiModule() {
    HttpResponse<Buffer> r = get(gw.apiPort(), "/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.bodyAsString()).contains("lang=\"ja\"").contains("システム状態");
    assertThat(get(gw.apiPort(), "/status.js").statusCode()).isEqualTo(200);
  }

  @Test
  void metricsShowJvmHttpByRouteTemplateAndDatabasePoolButNeverARawPath() {
    get(gw.apiPort(), "/api/v1/system/status");
    // Letters: a raw path's digits alone could also be a metric's value (system_cpu_usage
    // 0.3182098765432…).
    get(gw.apiPort(), "/api/v1/patients-RAWPATH9876543");
    HttpResponse<Buffer> r = get(gw.managementPort(), "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    String metrics = r.bodyAsString();
    assertThat(metrics)
        .contains("jvm_memory_used_bytes")
        .contains("vertx_http_server_requests_total")
        .contains("/api/v1/system/status")
        .contains("vertx_pool_in_use{pool_name=\"oqsgw\",pool_type=\"sql\"}")
        .contains("oqsgw_dependency_up{check=\"database\"} 1.0")
        .doesNotContain("RAWPATH");
  }
}
