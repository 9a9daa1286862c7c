package jp.oqsgateway.gateway.bootstrap;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import org.junit.jupiter.api.Test;

/**
 * "Ready" means ready: while the gateway starts, {@code /health/ready} polled as a load balancer
 * would never answers 200 before the API and agent ports accept connections, and it does answer 200
 * once the start is done.
 */
class ReadyMeansListeningTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();

  @Test
  void readinessIsNever200WhileAServerPortStillRefusesConnections() throws Exception {
    int api = freePort();
    int management = freePort();
    int agents = freePort();
    CompletableFuture<InProcessGateway> started =
        CompletableFuture.supplyAsync(
            () ->
                InProcessGateway.start(
                    "ready_means_listening",
                    Map.of(
                        "api.port", Integer.toString(api),
                        "management.port", Integer.toString(management),
                        "agents.port", Integer.toString(agents))));
    List<String> tooEarly = new ArrayList<>();
    int[] notReadyAnswers = {0};
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(10))
          .until(
              () -> {
                int status = ready(management);
                if (status == 503) {
                  notReadyAnswers[0]++;
                }
                if (status == 200) {
                  if (!accepts(api)) {
                    tooEarly.add("api");
                  }
                  if (!accepts(agents)) {
                    tooEarly.add("agents");
                  }
                  return started.isDone();
                }
                return false;
              });
      assertThat(tooEarly).as("ports refusing while /health/ready answered 200").isEmpty();
      assertThat(notReadyAnswers[0]).as("503 answers seen while the gateway started").isPositive();
    } finally {
      started.join().close();
    }
  }

  /** The status of {@code /health/ready}, or 0 while the management port refuses. */
  private int ready(int port) throws InterruptedException {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return 0;
    }
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
