package jp.oqsgateway.gateway.jobs;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Jobs on demand through the API: started with 202 and followed to their end, refused with the
 * field at fault (400), the role (403), the unknown job (404) and the job still running (409).
 */
class JobsApiTest {
  private static final CountingKind.Effects EFFECTS = new CountingKind.Effects();
  private static final CountingKind HELD =
      new CountingKind("api-held", Set.of("ops", "clinician"), false, EFFECTS)
          .holdingAfterSending(p -> true);

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClass("jobs-api", Map.of())
          .andJobKinds(
              new CountingKind("api-quick", Set.of("ops", "clinician"), false, EFFECTS),
              new CountingKind("api-ops-only", Set.of("ops"), false, EFFECTS),
              HELD);

  private static HttpResponse<Buffer> call(
      HttpMethod method, String path, Role role, JsonObject body) {
    HttpRequest<Buffer> request =
        gw.client()
            .request(method, gw.apiPort(), "127.0.0.1", path)
            .putHeader("Authorization", gw.bearer(role));
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  private static HttpResponse<Buffer> start(Role role, String kind, JsonObject params) {
    return call(
        HttpMethod.POST,
        "/api/v1/jobs",
        role,
        new JsonObject().put("kind", kind).put("params", params));
  }

  private static JsonObject awaitEnded(String jobId) {
    return await("job ended")
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> call(HttpMethod.GET, "/api/v1/jobs/" + jobId, Role.OPS, null).bodyAsJsonObject(),
            job -> job.containsKey("finishedAt"));
  }

  @Test
  void aJobStartedThroughTheApiIsAcceptedAndFollowedToItsEndItemByItem() {
    HttpResponse<Buffer> started =
        start(Role.CLINICIAN, "api-quick", new JsonObject().put("count", 5));
    assertThat(started.statusCode()).isEqualTo(202);
    JsonObject job = started.bodyAsJsonObject();
    assertThat(started.getHeader("Location")).isEqualTo("/api/v1/jobs/" + job.getString("id"));
    assertThat(job.getString("trigger")).isEqualTo("api");
    assertThat(job.getInteger("total")).isEqualTo(5);

    JsonObject ended = awaitEnded(job.getString("id"));
    assertThat(ended.getString("state")).isEqualTo("done");
    assertThat(ended.getInteger("done")).isEqualTo(5);
    assertThat(ended.getJsonObject("outcomes"))
        .isEqualTo(new JsonObject().put("sent", 3).put("written", 2));
    assertThat(ended.getString("requestedBy")).isNotBlank();

    JsonObject page =
        call(
                HttpMethod.GET,
                "/api/v1/jobs/" + job.getString("id") + "/items?outcome=sent&limit=2",
                Role.CLINICIAN,
                null)
            .bodyAsJsonObject();
    assertThat(page.getJsonArray("items")).hasSize(2);
    assertThat(page.getJsonArray("items").getJsonObject(0).getString("reference")).isNotBlank();
    assertThat(page.getJsonArray("items").getJsonObject(0).containsKey("payload")).isFalse();
    JsonObject rest =
        call(
                HttpMethod.GET,
                "/api/v1/jobs/"
                    + job.getString("id")
                    + "/items?outcome=sent&limit=2&after="
                    + page.getInteger("next"),
                Role.OPS,
                null)
            .bodyAsJsonObject();
    assertThat(rest.getJsonArray("items")).hasSize(1);
    assertThat(rest.containsKey("next")).isFalse();

    JsonObject listed =
        call(HttpMethod.GET, "/api/v1/jobs?kind=api-quick&state=done&limit=5", Role.OPS, null)
            .bodyAsJsonObject();
    assertThat(listed.getJsonArray("jobs").getJsonObject(0).getString("id"))
        .isEqualTo(job.getString("id"));
  }

  @Test
  void aSecondStartWhileTheKindStillRunsIs409NamingTheRunningJob() {
    HttpResponse<Buffer> first = start(Role.OPS, "api-held", new JsonObject().put("count", 2));
    assertThat(first.statusCode()).isEqualTo(202);
    String running = first.bodyAsJsonObject().getString("id");

    HttpResponse<Buffer> second = start(Role.OPS, "api-held", new JsonObject());
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(second.bodyAsJsonObject().getString("runningJobId")).isEqualTo(running);
    assertThat(second.bodyAsJsonObject().getString("detail")).contains(running);

    HELD.release();
    assertThat(awaitEnded(running).getString("state")).isEqualTo("done");
    assertThat(start(Role.OPS, "api-held", new JsonObject()).statusCode()).isEqualTo(202);
  }

  @Test
  void anUnknownKindOrBadParamsIs400NamingTheField() {
    HttpResponse<Buffer> unknown = start(Role.OPS, "no-such-kind", new JsonObject());
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.bodyAsJsonObject().getString("field")).isEqualTo("kind");
    assertThat(unknown.bodyAsJsonObject().getString("detail")).contains("api-quick");

    HttpResponse<Buffer> bad = start(Role.OPS, "api-quick", new JsonObject().put("count", "x"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.bodyAsJsonObject().getString("field")).isEqualTo("params.count");

    HttpResponse<Buffer> badState =
        call(HttpMethod.GET, "/api/v1/jobs?state=paused", Role.OPS, null);
    assertThat(badState.statusCode()).isEqualTo(400);
    assertThat(badState.bodyAsJsonObject().getString("field")).isEqualTo("state");
  }

  @Test
  void aKindThatNarrowsItsRolesRefusesAClinicianWith403() {
    HttpResponse<Buffer> refused = start(Role.CLINICIAN, "api-ops-only", new JsonObject());
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.bodyAsJsonObject().getString("field")).isEqualTo("kind");
    assertThat(start(Role.OPS, "api-ops-only", new JsonObject()).statusCode()).isEqualTo(202);
  }

  @Test
  void anUnknownJobIs404ForItAndForItsItems() {
    String path = "/api/v1/jobs/" + UUID.randomUUID();
    assertThat(call(HttpMethod.GET, path, Role.OPS, null).statusCode()).isEqualTo(404);
    HttpResponse<Buffer> items = call(HttpMethod.GET, path + "/items", Role.OPS, null);
    assertThat(items.statusCode()).isEqualTo(404);
    assertThat(items.bodyAsJsonObject().getString("field")).isEqualTo("jobId");
  }

  @Test
  void theGatewaysOwnRoleMayNotDeleteAJobOrItsItems() {
    assertThatThrownBy(() -> gw.query("delete from job_item")).hasMessageContaining("permission");
    assertThatThrownBy(() -> gw.query("delete from job")).hasMessageContaining("permission");
  }
}
