package jp.oqsgateway.gateway.http.agents;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import jp.oqsgateway.gateway.agents.AgentMetrics;
import jp.oqsgateway.gateway.auth.TokenRevocations;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.config.Settings;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.http.auth.ApiAuth;
import jp.oqsgateway.gateway.ops.AgentConnections;
import jp.oqsgateway.gateway.testsupport.AgentLink;
import jp.oqsgateway.gateway.tls.GatewayCa;
import jp.oqsgateway.settings.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent server on its own (no database): its certificate from the gateway CA, the idle timeout
 * that pings keep off, and the connected-agents gauge.
 */
@ExtendWith(VertxExtension.class)
class AgentServerTest {

  @Test
  void aServerCertificateWithoutItsKeyIsAConfigurationError(@TempDir Path home) {
    assertThatThrownBy(
            () ->
                GatewayConfig.from(
                    Settings.load(null, Map.of(), Map.of("agents.tls.cert", "agent.pem")),
                    home,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("agents.tls.key");
  }

  @Test
  void aSilentSocketIsClosedAfterTheIdleTimeoutWhilePingsKeepOneOpen(
      Vertx vertx, @TempDir Path dir) {
    GatewayCa.ServerKeyCert tls =
        GatewayCa.open(dir).serverCertificate("server", GatewayCa.names(List.of("127.0.0.1")));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<Event> raised = new CopyOnWriteArrayList<>();
    AgentServer server =
        new AgentServer(
            "127.0.0.1",
            0,
            tls.certificate(),
            tls.key(),
            Duration.ofMillis(600),
            ApiAuth.disabled(),
            TokenRevocations.NONE,
            Duration.ofSeconds(5),
            new AgentMetrics(registry),
            new AgentConnections(
                event -> {
                  raised.add(event);
                  return Future.succeededFuture();
                },
                Clock.systemUTC()));
    vertx.deployVerticle(server).await();
    var trusting = AgentLink.trusting(tls.ca().orElseThrow());
    AgentLink silent = AgentLink.connect(vertx, trusting, server.actualPort(), null).await();
    AtomicLong pinger = new AtomicLong(-1);
    // Pings start as the link is made, on its event loop, not whenever this thread gets to run
    // (a test thread paused 450 ms here let the server's 600 ms idle timeout close this one too).
    AgentLink pinging =
        AgentLink.connect(vertx, trusting, server.actualPort(), null)
            .onSuccess(link -> pinger.set(vertx.setPeriodic(0, 150, t -> link.ping())))
            .await();
    try {
      await("two agents connected")
          .atMost(Duration.ofSeconds(5))
          .until(() -> registry.get("oqsgw.agents.connected").gauge().value() == 2.0);
      long t0 = System.nanoTime();
      silent.closed().await();
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
      await("one agent left")
          .atMost(Duration.ofSeconds(5))
          .until(() -> registry.get("oqsgw.agents.connected").gauge().value() == 1.0);
      assertThat(pinging.closed().isComplete()).as("pings keep it open").isFalse();
      Event disconnected =
          await("agent.disconnected raised")
              .atMost(Duration.ofSeconds(5))
              .until(
                  () ->
                      raised.stream()
                          .filter(e -> e.type() == EventType.AGENT_DISCONNECTED)
                          .findFirst()
                          .orElse(null),
                  java.util.Objects::nonNull);
      assertThat(disconnected.payload().getString("reason")).isEqualTo("idle-timeout");
    } finally {
      vertx.cancelTimer(pinger.get());
      pinging.close();
    }
  }
}
