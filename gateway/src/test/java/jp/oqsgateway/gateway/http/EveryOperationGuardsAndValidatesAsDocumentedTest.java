package jp.oqsgateway.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.gateway.http.DocumentedOperations.Operation;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Table-driven over the OpenAPI document itself, so a new operation is covered the day it is
 * written: every operation refuses a caller without a token (401) and every role its {@code
 * x-roles} does not list (403), lets each listed role through, and has the router refuse a
 * malformed path parameter or a missing required body with a problem naming the field.
 */
@ExtendWith(VertxExtension.class)
class EveryOperationGuardsAndValidatesAsDocumentedTest {
  @RegisterExtension
  // Every operation is called without a token: more refused tokens than one address may present
  // per minute by default (30) once the contract holds more operations than that.
  static final InProcessGateway gw =
      InProcessGateway.perClass(
          "every-operation", Map.of("api.rate-limit.auth-failures-per-minute", "100000"));

  private static WebClient client;
  private static List<Operation> operations;

  @BeforeAll
  static void start(Vertx vertx) {
    client = WebClient.create(vertx);
    operations = DocumentedOperations.all();
  }

  private static HttpResponse<Buffer> call(
      Operation op, String url, String bearer, JsonObject body) {
    HttpRequest<Buffer> request = client.request(op.method(), gw.apiPort(), "127.0.0.1", url);
    if (bearer != null) {
      request.putHeader("Authorization", bearer);
    }
    return (op.hasBody() && body != null ? request.sendJsonObject(body) : request.send()).await();
  }

  /** A token with one of the operation's roles; a public operation ignores it. */
  private static String bearerFor(Operation op) {
    return gw.bearer(op.roles().isEmpty() ? Role.ADMIN : op.roles().iterator().next());
  }

  private static List<Operation> guarded() {
    return DocumentedOperations.guarded();
  }

  @Test
  void theDocumentHasOperationsAndEachGuardedOneListsItsRoles() {
    assertThat(guarded()).hasSizeGreaterThan(15);
    for (Operation op : guarded()) {
      assertThat(op.roles()).as(op.id()).isNotEmpty();
    }
  }

  @Test
  void everyGuardedOperationRefusesACallerWithoutATokenWith401() {
    SoftAssertions softly = new SoftAssertions();
    for (Operation op : guarded()) {
      HttpResponse<Buffer> r = call(op, op.validUrl(), null, new JsonObject());
      softly.assertThat(r.statusCode()).as(op.id()).isEqualTo(401);
      softly.assertThat(r.getHeader("Content-Type")).as(op.id()).isEqualTo(Problems.CONTENT_TYPE);
      softly.assertThat(r.getHeader("WWW-Authenticate")).as(op.id()).startsWith("Bearer");
    }
    softly.assertAll();
  }

  @Test
  void everyGuardedOperationRefusesEachRoleItDoesNotListWith403() {
    SoftAssertions softly = new SoftAssertions();
    int refused = 0;
    for (Operation op : guarded()) {
      for (Role role : Role.values()) {
        if (op.roles().contains(role) || role == Role.ADMIN) {
          continue;
        }
        HttpResponse<Buffer> r = call(op, op.validUrl(), gw.bearer(role), new JsonObject());
        softly.assertThat(r.statusCode()).as(op.id() + " as " + role).isEqualTo(403);
        softly
            .assertThat(r.getHeader("Content-Type"))
            .as(op.id() + " as " + role)
            .isEqualTo(Problems.CONTENT_TYPE);
        refused++;
      }
    }
    softly.assertAll();
    assertThat(refused).as("role/operation pairs refused").isGreaterThan(20);
  }

  @Test
  void everyGuardedOperationLetsEachRoleItListsThrough() {
    SoftAssertions softly = new SoftAssertions();
    for (Operation op : guarded()) {
      for (Role role : op.roles()) {
        HttpResponse<Buffer> r = call(op, op.validUrl(), gw.bearer(role), new JsonObject());
        softly
            .assertThat(r.statusCode())
            .as(op.id() + " as " + role + ": " + r.bodyAsString())
            .isNotIn(401, 403, 500);
      }
    }
    softly.assertAll();
  }

  @Test
  void aMalformedPathParameterIsRefusedByTheRouterNamingTheParameter() {
    SoftAssertions softly = new SoftAssertions();
    int checked = 0;
    for (Operation op : operations) {
      for (JsonObject param : op.pathParameters()) {
        String name = param.getString("name");
        String url =
            op.url(
                p ->
                    name.equals(p.getString("name"))
                        ? "not%20valid"
                        : DocumentedOperations.validValue(p));
        Role role = op.roles().iterator().next();
        HttpResponse<Buffer> r = call(op, url, gw.bearer(role), new JsonObject());
        softly.assertThat(r.statusCode()).as(op.id() + " " + name).isEqualTo(400);
        if (r.statusCode() == 400) {
          JsonObject problem = r.bodyAsJsonObject();
          softly.assertThat(problem.getString("field")).as(op.id() + " " + name).isEqualTo(name);
          softly.assertThat(problem.getString("detail")).as(op.id()).startsWith(name + ": ");
        }
        checked++;
      }
    }
    softly.assertAll();
    assertThat(checked).as("path parameters checked").isGreaterThan(10);
  }

  @Test
  void withoutAnInstitutionCodeEveryOperationThatWritesToOqsAnswers503NamingTheSetting() {
    // This gateway was started without oqs.institution-code: it cannot address the terminal.
    Map<String, JsonObject> valid =
        Map.of(
            "createQualificationCheck",
            CheckBodies.forPerson(SimulatedPopulation.standard().first("family")),
            "registerReferenceNumber",
            new JsonObject(),
            "registerReferenceNumbers",
            new JsonObject().put("chartPatientIds", new JsonArray().add("P-0001")),
            "retryReferenceRegistration",
            new JsonObject(),
            "retrieveMedicalInformation",
            new JsonObject().put("kind", "drug").put("purpose", "test"));
    SoftAssertions softly = new SoftAssertions();
    for (Operation op : operations) {
      if (!valid.containsKey(op.id())) {
        continue;
      }
      Role role = op.roles().iterator().next();
      HttpResponse<Buffer> r = call(op, op.validUrl(), gw.bearer(role), valid.get(op.id()));
      softly.assertThat(r.statusCode()).as(op.id() + ": " + r.bodyAsString()).isEqualTo(503);
      if (r.statusCode() == 503) {
        softly
            .assertThat(r.bodyAsJsonObject().getString("detail"))
            .as(op.id())
            .contains("oqs.institution-code");
      }
    }
    softly.assertAll();
  }

  @Test
  void anOperationThatRequiresABodyRefusesARequestWithoutOne() {
    SoftAssertions softly = new SoftAssertions();
    int checked = 0;
    for (Operation op : operations) {
      if (!op.requiresBody()) {
        continue;
      }
      HttpResponse<Buffer> r = call(op, op.validUrl(), bearerFor(op), null);
      softly.assertThat(r.statusCode()).as(op.id()).isEqualTo(400);
      softly.assertThat(r.getHeader("Content-Type")).as(op.id()).isEqualTo(Problems.CONTENT_TYPE);
      checked++;
    }
    softly.assertAll();
    assertThat(checked).as("operations with a required body").isGreaterThan(3);
  }

  @Test
  void everyOperationWithABodyRefusesOneOverTheLimitWith413BeforeReadingIt() {
    Buffer tooLarge = Buffer.buffer("{\"x\":\"" + "x".repeat(1024 * 1024) + "\"}");
    SoftAssertions softly = new SoftAssertions();
    int checked = 0;
    for (Operation op : operations) {
      if (!op.hasBody()) {
        continue;
      }
      HttpResponse<Buffer> r =
          client
              .request(op.method(), gw.apiPort(), "127.0.0.1", op.validUrl())
              .putHeader("Authorization", bearerFor(op))
              .putHeader("Content-Type", "application/json")
              .sendBuffer(tooLarge)
              .await();
      softly.assertThat(r.statusCode()).as(op.id()).isEqualTo(413);
      softly.assertThat(r.getHeader("Content-Type")).as(op.id()).isEqualTo(Problems.CONTENT_TYPE);
      checked++;
    }
    softly.assertAll();
    assertThat(checked).as("operations with a body").isGreaterThan(5);
  }
}
