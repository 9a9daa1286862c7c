package jp.oqsgateway.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API contract as the gateway reads it at start (the build's JSON copy, references resolved,
 * not validated again) is the contract vertx-openapi's own validating path makes of the published
 * document, which passes that validation.
 */
class ApiContractTest {
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @Test
  void theRouterCopyTheBuildWroteIsThePublishedDocumentAsTheRouterReadsIt() throws IOException {
    Buffer yaml = resource(ApiVerticle.CONTRACT);
    Buffer copy = resource(ApiContract.routerCopyOf(ApiVerticle.CONTRACT));
    assertThat(copy).as("openapi/oqs-gateway.router.json, written by the build").isNotNull();
    assertThat(new JsonObject(copy)).isEqualTo(ApiContract.forRouter(yaml));
  }

  @Test
  void thePublishedDocumentPassesVertxOpenapisOwnValidation() {
    assertThat(ApiContract.load(vertx, ApiVerticle.CONTRACT).await().contract().operations())
        .hasSizeGreaterThan(30);
  }

  @Test
  void theContractTheGatewayStartsWithIsTheOneTheValidatingPathMakes() {
    OpenAPIContract validated = ApiContract.load(vertx, ApiVerticle.CONTRACT).await().contract();
    OpenAPIContract asShipped =
        ApiContract.loadAsShipped(vertx, ApiVerticle.CONTRACT).await().contract();
    assertThat(asShipped.getRawContract()).isEqualTo(validated.getRawContract());
    assertThat(asShipped.getVersion()).isEqualTo(validated.getVersion());
    assertThat(asShipped.operations().stream().map(Operation::getOperationId))
        .containsExactlyInAnyOrderElementsOf(
            validated.operations().stream().map(Operation::getOperationId).toList());
    for (Operation op : validated.operations()) {
      Operation same = asShipped.operation(op.getOperationId());
      assertThat(same.getOpenAPIPath()).isEqualTo(op.getOpenAPIPath());
      assertThat(same.getHttpMethod()).isEqualTo(op.getHttpMethod());
      assertThat(same.getParameters()).hasSameSizeAs(op.getParameters());
      assertThat(same.getSecurityRequirements()).hasSameSizeAs(op.getSecurityRequirements());
    }
  }

  private static Buffer resource(String path) throws IOException {
    try (InputStream in = ApiContractTest.class.getClassLoader().getResourceAsStream(path)) {
      return in == null ? null : Buffer.buffer(in.readAllBytes());
    }
  }
}
