package jp.oqsgateway.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import jp.oqsgateway.gateway.http.DocumentedOperations.Operation;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-client limits: a caller over its rate, and an address presenting refused tokens, get 429 with
 * Retry-After, while other callers go on being served.
 */
@ExtendWith(VertxExtension.class)
class ClientsThatOverstepAreSlowedDownTest {
  private static InProcessGateway gw;
  private static WebClient client;

  /** One gateway per test: the address held off by one test would be held off for the next. */
  @BeforeEach
  void start(Vertx vertx) {
    gw =
        InProcessGateway.start(
            "rate-limits",
            Map.of(
                "api.rate-limit.requests-per-second", "1",
                "api.rate-limit.burst", "5",
                "api.rate-limit.auth-failures-per-minute", "3"));
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    gw.close();
  }

  private HttpResponse<Buffer> links(String authorization) {
    var request = client.get(gw.apiPort(), "127.0.0.1", "/api/v1/patients/P-0001/links");
    if (authorization != null) {
      request.putHeader("Authorization", authorization);
    }
    return request.send().await();
  }

  @Test
  void aCallerOverItsBurstGets429WithRetryAfterWhileAnotherCallerIsStillServed() {
    String busy = gw.bearerFor("busy-chart", Role.CHART);
    int served = 0;
    HttpResponse<Buffer> refused = null;
    long started = System.nanoTime();
    for (int i = 0; i < 20 && refused == null; i++) {
      HttpResponse<Buffer> r = links(busy);
      if (r.statusCode() == 429) {
        refused = r;
      } else {
        assertThat(r.statusCode()).isEqualTo(200);
        served++;
      }
    }
    // The caller earns one more request a second (1/s): a slow machine, taking seconds over the
    // first requests of a fresh gateway, has earned more by the time it reaches the limit.
    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    assertThat(served).as("requests served before the limit").isBetween(5, 7 + (int) seconds);
    assertThat(refused).as("a 429 within 20 requests").isNotNull();
    assertThat(refused.getHeader("Retry-After")).matches("[1-9][0-9]*");
    assertThat(refused.getHeader("Content-Type")).isEqualTo(Problems.CONTENT_TYPE);
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("request rate");
    assertThat(links(gw.bearerFor("quiet-reception", Role.RECEPTION)).statusCode()).isEqualTo(200);
  }

  @Test
  void anAddressPresentingRefusedTokensIsHeldOffBeforeItsNextTokenIsEvenVerified() {
    String valid = gw.bearerFor("address-chart", Role.CHART);
    assertThat(links("Bearer not-a-token").statusCode()).isEqualTo(401);
    assertThat(links(null).statusCode()).isEqualTo(401);
    assertThat(links("Bearer still-not-a-token").statusCode()).isEqualTo(401);
    HttpResponse<Buffer> held = links("Bearer guess-number-four");
    assertThat(held.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(held.getHeader("Retry-After"))).isBetween(1L, 60L);
    // Even a valid token waits: the address, not the token, is being held off.
    assertThat(links(valid).statusCode()).isEqualTo(429);
    // The public status operation is not behind the guard.
    assertThat(
            client
                .get(gw.apiPort(), "127.0.0.1", "/api/v1/system/status")
                .send()
                .await()
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void everyGuardedOperationOfTheContractHoldsOffSuchAnAddress() {
    for (int i = 0; i < 3; i++) {
      assertThat(links("Bearer not-a-token").statusCode()).isEqualTo(401);
    }
    SoftAssertions softly = new SoftAssertions();
    for (Operation op : DocumentedOperations.guarded()) {
      var request = client.request(op.method(), gw.apiPort(), "127.0.0.1", op.validUrl());
      request.putHeader("Authorization", gw.bearer(op.roles().iterator().next()));
      HttpResponse<Buffer> r =
          op.hasBody() ? request.sendJsonObject(new JsonObject()).await() : request.send().await();
      softly.assertThat(r.statusCode()).as(op.id()).isEqualTo(429);
      softly.assertThat(r.getHeader("Retry-After")).as(op.id()).isNotNull();
    }
    softly.assertAll();
  }
}
