package jp.oqsgateway.gateway.bootstrap;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import jp.oqsgateway.gateway.testsupport.InProcessGateway;
import jp.oqsgateway.gateway.testsupport.TestDatabase;
import org.junit.jupiter.api.Test;

/**
 * "Ready" means ready: while the gateway starts, {@code /health/ready} polled as a load balancer
 * would never answers 200 before the API and agent ports accept connections, and it does answer 200
 * once the start is done.
 */
class ReadyMeansListeningTest {
  @Test
  void readinessIsNever200WhileAServerPortStillRefusesConnections() throws Exception {
    InProcessGateway first = InProcessGateway.start("ready_means_listening", Map.of());
    String databaseUrl = first.databaseUrl();
    Path home = first.home();
    first.stopKeepingHome();
    int api = freePort();
    int management = freePort();
    int agents = freePort();
    CompletableFuture<InProcessGateway> started;
    // The start is held after the management server listens and before the API server does: the
    // workflows first read the checks a previous run left waiting, and this lock makes them wait.
    try (Connection lock =
        TestDatabase.connect(
            TestDatabase.superuserOn(DatabaseBootstrap.fromUrl(databaseUrl).database()))) {
      lock.setAutoCommit(false);
      TestDatabase.execute(lock, "LOCK TABLE qualification_check IN ACCESS EXCLUSIVE MODE");
      started =
          CompletableFuture.supplyAsync(
              () ->
                  InProcessGateway.startIn(
                      home,
                      "ready_means_listening",
                      Map.of(
                          "pg.url", databaseUrl,
                          "api.port", Integer.toString(api),
                          "management.port", Integer.toString(management),
                          "agents.port", Integer.toString(agents))));
      await("/health/ready answering while the start is held")
          .atMost(Duration.ofSeconds(120))
          .until(() -> ready(management) != 0);
      assertThat(ready(management)).as("readiness while the API port refuses").isEqualTo(503);
      assertThat(accepts(api)).as("the API port while the start is held").isFalse();
      lock.commit();
    }
    List<String> tooEarly = new ArrayList<>();
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(5))
          .until(
              () -> {
                if (ready(management) != 200) {
                  return false;
                }
                if (!accepts(api)) {
                  tooEarly.add("api");
                }
                if (!accepts(agents)) {
                  tooEarly.add("agents");
                }
                return started.isDone();
              });
      assertThat(tooEarly).as("ports refusing while /health/ready answered 200").isEmpty();
    } finally {
      started.join().close();
    }
  }

  /**
   * The status of {@code /health/ready}, or 0 while the management port refuses: a bare HTTP/1.0
   * exchange on a socket, so polls come every few milliseconds from the first one.
   */
  private static int ready(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      s.setSoTimeout(5000);
      s.getOutputStream()
          .write(
              ("GET /health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String statusLine =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      return statusLine == null ? 0 : Integer.parseInt(statusLine.split(" ")[1]);
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
