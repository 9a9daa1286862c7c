package jp.oqsgateway.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.json.schema.JsonSchema;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API's requests are checked against the OpenAPI document on the event loop, with validators
 * made once at start ({@link RequestValidation}): a request whose parameters are malformed is
 * answered while every worker thread of the gateway's Vert.x is busy, and a body too long for the
 * event loop is refused as a short one is.
 */
@ExtendWith(VertxExtension.class)
class RequestsAreValidatedWithoutWorkerThreadsTest {
  @RegisterExtension
  static final InProcessGateway gw = InProcessGateway.perClass("validation-on-loop", Map.of());

  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) {
    client = WebClient.create(vertx);
  }

  @Test
  void aMalformedPathParameterIsRefusedWhileEveryWorkerThreadIsBusy() throws Exception {
    HttpResponse<Buffer> r =
        whileEveryWorkerThreadIsBusy(
            () ->
                client
                    .get(gw.apiPort(), "127.0.0.1", "/api/v1/patients/not%20valid/qualification")
                    .putHeader("Authorization", gw.bearer(Role.CHART))
                    .timeout(30_000)
                    .send());

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("chartPatientId");
  }

  @Test
  void aWellFormedReadIsValidatedWhileEveryWorkerThreadIsBusy() throws Exception {
    HttpResponse<Buffer> r =
        whileEveryWorkerThreadIsBusy(
            () ->
                client
                    .get(
                        gw.apiPort(),
                        "127.0.0.1",
                        "/api/v1/patients/NOBODY-1/qualification?asOf=2026-01-31&source=card")
                    .putHeader("Authorization", gw.bearer(Role.CHART))
                    .timeout(30_000)
                    .send());

    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(404);
  }

  @Test
  void aBodyTooLongForTheEventLoopIsRefusedAsAShortOneIs() {
    JsonObject invalid =
        CheckBodies.forPerson(SimulatedPopulation.standard().first("family"))
            .put("insurerNumber", "12-45");
    String shortBody = invalid.encode();
    // Blanks between the JSON's tokens: the same document, longer than the event loop takes.
    String longBody =
        shortBody.replace(",", "," + " ".repeat(RequestValidation.BODY_BYTES_ON_EVENT_LOOP / 4));
    assertThat(longBody.length()).isGreaterThan(RequestValidation.BODY_BYTES_ON_EVENT_LOOP);

    JsonObject refusedShort = postCheck(shortBody);
    JsonObject refusedLong = postCheck(longBody);

    assertThat(refusedShort.getString("field")).isEqualTo("insurerNumber");
    assertThat(refusedLong).isEqualTo(refusedShort);
  }

  @Test
  void everySchemaARequestIsCheckedAgainstHasOneValidatorMadeAtStart(Vertx vertx) {
    OpenAPIContract contract = ApiContract.load(vertx, ApiVerticle.CONTRACT).await().contract();
    List<JsonSchema> schemas = RequestValidation.schemasOf(contract);
    PreparedSchemas prepared = PreparedSchemas.of(contract.getSchemaRepository(), schemas);

    assertThat(schemas).hasSizeGreaterThan(50);
    for (JsonSchema schema : schemas) {
      assertThat(prepared.validator(schema)).isSameAs(prepared.validator(schema));
    }
  }

  private static JsonObject postCheck(String body) {
    HttpResponse<Buffer> r =
        client
            .post(gw.apiPort(), "127.0.0.1", "/api/v1/qualification-checks")
            .putHeader("Authorization", gw.bearer(Role.CHART))
            .putHeader("Content-Type", "application/json")
            .sendBuffer(Buffer.buffer(body))
            .await();
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    JsonObject problem = r.bodyAsJsonObject();
    problem.remove("requestId"); // each request's own
    return problem;
  }

  /**
   * Runs {@code call} while the gateway's Vert.x worker pool (the default size) has a blocking task
   * on every thread, and releases them after the answer (or the client's timeout).
   */
  private static <T> T whileEveryWorkerThreadIsBusy(Supplier<Future<T>> call)
      throws InterruptedException {
    Vertx gateway = gw.gateway().vertx();
    int threads = VertxOptions.DEFAULT_WORKER_POOL_SIZE;
    CountDownLatch started = new CountDownLatch(threads);
    CountDownLatch release = new CountDownLatch(1);
    List<Future<Object>> blockers = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      blockers.add(
          gateway.executeBlocking(
              () -> {
                started.countDown();
                release.await();
                return null;
              },
              false));
    }
    try {
      assertThat(started.await(30, TimeUnit.SECONDS)).as("every worker thread busy").isTrue();
      return call.get().await();
    } finally {
      release.countDown();
      Future.all(blockers).await();
    }
  }
}
