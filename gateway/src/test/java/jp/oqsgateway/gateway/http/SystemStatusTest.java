package jp.oqsgateway.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import jp.oqsgateway.gateway.bootstrap.pg.PgEndpoint;
import jp.oqsgateway.gateway.health.CheckResult;
import jp.oqsgateway.gateway.health.DatabaseCheck;
import jp.oqsgateway.gateway.health.ExchangeFoldersCheck;
import jp.oqsgateway.gateway.health.HealthCheck;
import jp.oqsgateway.gateway.health.Readiness;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public status endpoint with real failing dependencies: a database without the gateway's
 * schema (its error names the missing relation) and a terminal folder that does not exist.
 */
@ExtendWith(VertxExtension.class)
class SystemStatusTest {
  @TempDir Path home;
  private Pool pool;
  private WorkerExecutor files;
  private HttpServer server;
  private WebClient client;
  private Readiness readiness;
  private final AtomicInteger evaluations = new AtomicInteger();

  /** A dependency that is always up and counts how often it was asked. */
  private final class CountingCheck implements HealthCheck {
    @Override
    public String name() {
      return "oqs-link";
    }

    @Override
    public Future<CheckResult> check() {
      evaluations.incrementAndGet();
      return Future.succeededFuture(CheckResult.up("requests picked up", new JsonObject()));
    }
  }

  @BeforeEach
  void start(Vertx vertx) {
    PgEndpoint db = TestDatabase.freshDatabase("status_unmigrated");
    pool = TestDatabase.pool(vertx, db);
    files = vertx.createSharedWorkerExecutor("status-test-files", 1);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    readiness =
        new Readiness(Duration.ofSeconds(5), registry)
            .register(new DatabaseCheck(pool, false))
            .register(new ExchangeFoldersCheck(home.resolve("oqs"), 1, files, registry))
            .register(new CountingCheck());
    Router router = Router.router(vertx);
    router.get("/status").handler(new SystemStatusHandler(readiness, "1.2.3"));
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    client = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    server.close().await();
    files.close().await();
    pool.close().await();
  }

  private JsonObject status() {
    var r = client.get(server.actualPort(), "127.0.0.1", "/status").send().await();
    assertThat(r.statusCode()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

  @Test
  void theDownReasonsCarryNoPathAndNoDatabaseErrorText() {
    String detailed = readiness.evaluate().await().encode();
    assertThat(detailed).as("what an operator sees").contains(home.toString()).contains("flyway");

    JsonObject status = status();
    String body = status.encode();

    assertThat(status.getString("status")).isEqualTo("DOWN");
    assertThat(status.getString("version")).isEqualTo("1.2.3");
    assertThat(body)
        .doesNotContain(home.toString())
        .doesNotContain("/tmp")
        .doesNotContain("res/")
        .doesNotContain("flyway")
        .doesNotContain("relation")
        .doesNotContain("does not exist")
        .doesNotContain("details");
    assertThat(status.getJsonArray("checks").getJsonObject(0).getString("reason"))
        .isEqualTo("the database does not answer; the gateway's log names the cause");
  }

  @Test
  void callersWithinFiveSecondsShareOneEvaluationOfTheDependencies() {
    for (int i = 0; i < 20; i++) {
      status();
    }

    assertThat(evaluations.get()).isEqualTo(1);
  }

  @Test
  void onlyALoopbackManagementPortShowsDetailedReasons() {
    assertThat(ManagementVerticle.loopback("127.0.0.1")).isTrue();
    assertThat(ManagementVerticle.loopback("::1")).isTrue();
    assertThat(ManagementVerticle.loopback("localhost")).isTrue();
    assertThat(ManagementVerticle.loopback("0.0.0.0")).isFalse();
    assertThat(ManagementVerticle.loopback("192.168.10.5")).isFalse();
    assertThat(ManagementVerticle.loopback("gateway.clinic.lan")).isFalse();
  }
}
