package jp.oqsgateway.gateway.http.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.testsupport.DemoCard;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.vcard.VirtualCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo's virtual-card buttons against the real virtual card's control channel (its {@link
 * ControlServer} on loopback; the card's vpcd is absent, so the card is wanted in the reader but
 * never served, which is all the buttons change).
 */
@ExtendWith(VertxExtension.class)
class DemoVirtualCardTest {
  private static VirtualCard card;
  private static DemoCard demo;
  private static InProcessGateway gw;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    demo = DemoCard.start();
    card = demo.card();
    gw =
        InProcessGateway.start(
            "demo-card", Map.of("demo.virtual-card-control", demo.controlSetting()));
    client = WebClient.create(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    demo.close();
  }

  private static HttpResponse<Buffer> press(String action) {
    return client
        .post(gw.apiPort(), "127.0.0.1", "/api/v1/demo/virtual-card")
        .putHeader("Authorization", gw.bearer(Role.OPS))
        .sendJsonObject(new JsonObject().put("action", action))
        .await();
  }

  private static HttpResponse<Buffer> get(String path, Role role) {
    return client
        .get(gw.apiPort(), "127.0.0.1", path)
        .putHeader("Authorization", gw.bearer(role))
        .send()
        .await();
  }

  private static JsonObject state() {
    HttpResponse<Buffer> r = get("/api/v1/demo/virtual-card", Role.ADMIN);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Test
  void theInsertButtonPutsTheVirtualCardInAndTheRemoveButtonTakesItOut() {
    assertThat(state().getBoolean("inserted")).isFalse();

    HttpResponse<Buffer> inserted = press("insert");
    assertThat(inserted.statusCode()).as(inserted.bodyAsString()).isEqualTo(202);
    assertThat(inserted.bodyAsJsonObject().getBoolean("inserted")).isTrue();
    assertThat(card.status().inserted()).as("the card itself").isTrue();
    assertThat(state().getBoolean("inserted")).isTrue();

    HttpResponse<Buffer> removed = press("remove");
    assertThat(removed.statusCode()).isEqualTo(202);
    assertThat(card.status().inserted()).isFalse();
  }

  @Test
  void theOverviewSaysTheVirtualCardCanBeDriven() {
    HttpResponse<Buffer> r = get("/api/v1/ops/overview", Role.OPS);
    assertThat(r.bodyAsJsonObject().getJsonObject("demo").getBoolean("virtualCard")).isTrue();
  }

  @Test
  void anActionTheCardDoesNotKnowIsRefusedNamingTheField() {
    HttpResponse<Buffer> r = press("swallow");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("field")).isEqualTo("action");
  }
}
