package jp.oqsgateway.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.sql.DriverManager;
import java.util.Map;
import jp.oqsgateway.gateway.bootstrap.DatabaseBootstrap;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.http.DocumentedOperations.Operation;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When the gateway cannot read its token revocations (database trouble), it cannot know whether a
 * token was withdrawn: it refuses the request, but as its own failure (503, try again), not as the
 * caller's (401), and without holding the caller's address off as if it were guessing tokens.
 */
@ExtendWith(VertxExtension.class)
class RevocationsUnavailableTest {
  @RegisterExtension
  static final InProcessGateway gw = InProcessGateway.perClass("revocations-unavailable", Map.of());

  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    client = WebClient.create(vertx);
    PgEndpoint db =
        TestDatabase.superuserOn(DatabaseBootstrap.fromUrl(gw.databaseUrl()).database());
    try (var conn = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        var statement = conn.createStatement()) {
      statement.execute("alter table token_revocations rename to token_revocations_lost");
    }
  }

  @Test
  void everyGuardedOperationAnswers503WithRetryAfterAndNeverServesTheRequest() {
    SoftAssertions softly = new SoftAssertions();
    int sent = 0;
    // Twice round: more requests than api.rate-limit.auth-failures-per-minute (30), none held off.
    for (int round = 0; round < 2; round++) {
      for (Operation op : DocumentedOperations.guarded()) {
        // A token minted now is in no cache: the gateway must ask the revocation table.
        var request =
            client
                .request(op.method(), gw.apiPort(), "127.0.0.1", op.validUrl())
                .putHeader("Authorization", gw.bearer(op.roles().iterator().next()));
        HttpResponse<Buffer> r =
            op.hasBody()
                ? request.sendJsonObject(new JsonObject()).await()
                : request.send().await();
        softly.assertThat(r.statusCode()).as(op.id()).isEqualTo(503);
        softly.assertThat(r.getHeader("Retry-After")).as(op.id()).isNotNull();
        softly
            .assertThat(r.bodyAsJsonObject().getString("detail"))
            .as(op.id())
            .isEqualTo("token revocation could not be checked; try again");
        sent++;
      }
    }
    softly.assertAll();
    assertThat(sent).as("requests from one address").isGreaterThan(30);
  }
}
