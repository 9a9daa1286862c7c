package jp.oqsgateway.gateway.testsupport;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import jp.oqsgateway.gateway.http.auth.Role;

/** The API as one authenticated caller uses it (a chart system, by default). */
public final class ChartApi {
  private final InProcessGateway gw;
  private final Role[] roles;
  private WebClient client;
  private String bearer;

  public ChartApi(Vertx vertx, InProcessGateway gw, Role... roles) {
    this(gw, roles);
    bind(vertx);
  }

  private ChartApi(InProcessGateway gw, Role... roles) {
    this.gw = gw;
    this.roles = roles.length == 0 ? new Role[] {Role.CHART} : roles;
  }

  /**
   * The API of a gateway not started yet (a {@link InProcessGateway#perClass} extension), bound on
   * first use to the started gateway's own Vert.x.
   */
  public static ChartApi of(InProcessGateway gw, Role... roles) {
    return new ChartApi(gw, roles);
  }

  private void bind(Vertx vertx) {
    client = WebClient.create(vertx);
    bearer = gw.bearer(roles);
  }

  private synchronized WebClient client() {
    if (client == null) {
      bind(gw.gateway().vertx());
    }
    return client;
  }

  private synchronized String bearer() {
    client();
    return bearer;
  }

  /** {@code POST /api/v1/qualification-checks<query>} with the body. */
  public HttpResponse<Buffer> postCheck(String query, JsonObject body) {
    return client()
        .post(gw.apiPort(), "127.0.0.1", "/api/v1/qualification-checks" + query)
        .putHeader("Authorization", bearer())
        .sendJsonObject(body)
        .await();
  }

  public HttpResponse<Buffer> get(String path) {
    return client()
        .get(gw.apiPort(), "127.0.0.1", path)
        .putHeader("Authorization", bearer())
        .send()
        .await();
  }

  /** Any request with the caller's token; {@code body} as JSON, none when null. */
  public HttpResponse<Buffer> send(HttpMethod method, String path, JsonObject body) {
    var request =
        client()
            .request(method, gw.apiPort(), "127.0.0.1", path)
            .putHeader("Authorization", bearer());
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  /** The client without credentials, for tests of refusals. */
  public WebClient anonymous() {
    return client();
  }

  /**
   * A check through the API and its answer linked to the chart patient, as a chart system does
   * before a card can stand for the patient.
   */
  public void linkQualification(
      jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson person, String patient) {
    HttpResponse<Buffer> checked =
        postCheck("?wait=20", CheckBodies.forPerson(person).put("chartPatientId", patient));
    if (checked.statusCode() != 201) {
      throw new AssertionError("check for " + patient + ": " + checked.bodyAsString());
    }
    HttpResponse<Buffer> link =
        client()
            .put(
                gw.apiPort(),
                "127.0.0.1",
                "/api/v1/patients/"
                    + patient
                    + "/links/"
                    + checked.bodyAsJsonObject().getString("id"))
            .putHeader("Authorization", bearer())
            .send()
            .await();
    if (link.statusCode() != 200 && link.statusCode() != 201) {
      throw new AssertionError("link of " + patient + ": " + link.bodyAsString());
    }
  }

  /** Subscribes {@code url} to these event types; the created subscription. */
  public JsonObject subscribeWebhook(String url, String... eventTypes) {
    HttpResponse<Buffer> r =
        client()
            .post(gw.apiPort(), "127.0.0.1", "/api/v1/webhook-subscriptions")
            .putHeader("Authorization", bearer())
            .sendJsonObject(
                new JsonObject()
                    .put("url", url)
                    .put(
                        "eventTypes",
                        new io.vertx.core.json.JsonArray(java.util.List.of(eventTypes))))
            .await();
    if (r.statusCode() != 201) {
      throw new AssertionError("webhook subscription: " + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }
}
