package jp.oqsgateway.gateway.concurrent;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.testsupport.ChartApi;
import jp.oqsgateway.gateway.testsupport.CheckBodies;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Overload is answered, not queued without end: while the file pool's queue is full, a new check is
 * refused with 503 and {@code Retry-After}, the refusal is counted, and once the queue drains the
 * gateway serves again.
 */
@ExtendWith(VertxExtension.class)
class FullWorkerQueueTest {
  private static final SimulatedPopulation PEOPLE = SimulatedPopulation.standard();

  @RegisterExtension
  static final InProcessGateway gw =
      InProcessGateway.perClassWithSimulatedTerminal(
          "full_worker_queue",
          Map.of("workers.files.pool-size", "1", "workers.files.max-queued", "2"));

  private static final ChartApi api = ChartApi.of(gw);
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) {
    client = WebClient.create(vertx);
  }

  @Test
  void aFullFileQueueAnswers503WithRetryAfterAndTheGatewayServesAgainOnceItDrains() {
    BoundedWorkers files = gw.gateway().files();
    CountDownLatch stuck = new CountDownLatch(1);
    // One task holds the only thread (a hung share), two more wait behind it: the queue is full.
    for (int i = 0; i < 3; i++) {
      files.executeBlocking(
          () -> {
            stuck.await();
            return null;
          },
          false);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> files.queued() >= 2);

    HttpResponse<Buffer> refused =
        api.postCheck("?wait=0", CheckBodies.forPerson(PEOPLE.first("family")));
    assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(503);
    assertThat(refused.getHeader("Retry-After")).isEqualTo("2");
    assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(refused.bodyAsJsonObject().getString("detail")).contains("oqsgw-files");
    assertThat(metrics())
        .contains("oqsgw_workers_rejected_total{pool=\"oqsgw-files\"} 1.0")
        .contains("oqsgw_workers_queued{pool=\"oqsgw-files\"}");

    stuck.countDown();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                api.postCheck("?wait=0", CheckBodies.forPerson(PEOPLE.first("family"))).statusCode()
                    == 202);
  }

  private static String metrics() {
    return client.get(gw.managementPort(), "127.0.0.1", "/metrics").send().await().bodyAsString();
  }
}
