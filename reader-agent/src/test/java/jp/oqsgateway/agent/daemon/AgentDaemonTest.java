package jp.oqsgateway.agent.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jp.oqsgateway.agent.config.AgentConfig;
import jp.oqsgateway.agent.config.ConfigLoader;
import jp.oqsgateway.agent.link.FakeGatewayBridge;
import jp.oqsgateway.agent.pcsc.SimulatedPcsc;
import jp.oqsgateway.agent.pin.ScriptedPinPrompt;
import jp.oqsgateway.agent.reader.TestCards;
import jp.oqsgateway.vcard.JpkiApplet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent (readers in memory, journal on disk, TLS link) against the gateway's bridge: a
 * card's insertion, the gateway's challenge, the PIN asked on this PC and the signed proof, and
 * events kept on disk while the gateway is away, delivered once when it returns.
 */
@ExtendWith(VertxExtension.class)
class AgentDaemonTest {
  private static final String READER = "Virtual PCD 00 00";

  @TempDir Path dir;
  private Vertx vertx;
  private FakeGatewayBridge gateway;
  private final SimulatedPcsc pcsc = new SimulatedPcsc();
  private AgentDaemon daemon;
  private int port;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    this.vertx = vertx;
    gateway = new FakeGatewayBridge(vertx);
    gateway.issueChallenges();
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    pcsc.plug(READER);
  }

  @AfterEach
  void stop() {
    if (daemon != null) {
      daemon.close();
    }
    gateway.close().await();
  }

  private AgentDaemon startDaemon() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), FakeGatewayBridge.TOKEN + "\n");
    Path pins = Files.writeString(dir.resolve("pins"), "1234\n");
    Path yaml =
        Files.writeString(
            dir.resolve("agent.yaml"),
            "agent.id: uketsuke-pc-1\n"
                + "gateway.url: wss://localhost:"
                + port
                + "/agent/eventbus/websocket\n"
                + "gateway.token-file: "
                + token
                + "\n"
                + "gateway.ca-file: "
                + gateway.caFile()
                + "\n"
                + "buffer.dir: "
                + dir.resolve("journal")
                + "\n"
                + "readers:\n"
                + "  - {match: \"Virtual PCD 00 00\", id: reader-1, desk: uketsuke-1}\n");
    AgentConfig config = ConfigLoader.load(yaml, Map.of());
    return AgentDaemon.start(config, pcsc, ScriptedPinPrompt.fromFile(pins), Clock.systemUTC());
  }

  private List<String> addresses() {
    return gateway.bodies().stream().map(b -> b.getString("address")).toList();
  }

  @Test
  void anInsertedMyNumberCardIsChallengedProvenWithThePinAndReportedWithItsDesk() throws Exception {
    gateway.listen(port).await();
    daemon = startDaemon();

    pcsc.insert(READER, new JpkiApplet(TestCards.valid(), "1234", 3));

    await("the proof reached the gateway")
        .atMost(Duration.ofSeconds(20))
        .until(() -> gateway.proofs().size() == 1);
    assertThat(gateway.proofs()).containsExactly(true);
    JsonObject inserted =
        gateway.bodies().stream()
            .filter(b -> b.getString("address").equals("reader.card.inserted"))
            .findFirst()
            .orElseThrow();
    assertThat(inserted.getString("deskId")).isEqualTo("uketsuke-1");
    assertThat(inserted.getString("readerId")).isEqualTo("reader-1");
    assertThat(inserted.getString("agentId")).isEqualTo("uketsuke-pc-1");
    assertThat(inserted.getString("cardType")).isEqualTo("mynumber");
    await("the journal is empty").atMost(Duration.ofSeconds(20)).until(() -> daemon.pending() == 0);
  }

  @Test
  void eventsWhileTheGatewayIsAwayStayOnDiskAndAreDeliveredOnceWhenItReturns() throws Exception {
    daemon = startDaemon();
    pcsc.insert(READER, new JpkiApplet(TestCards.valid(), "1234", 3));
    await("inserted is journaled")
        .atMost(Duration.ofSeconds(20))
        .until(() -> daemon.pending() >= 2);
    pcsc.remove(READER);
    await("removed is journaled").atMost(Duration.ofSeconds(20)).until(() -> daemon.pending() >= 3);
    assertThat(daemon.connected()).isFalse();

    gateway.listen(port).await();

    await("the journal is empty").atMost(Duration.ofSeconds(20)).until(() -> daemon.pending() == 0);
    assertThat(addresses())
        .containsSubsequence("reader.status", "reader.card.inserted", "reader.card.removed");
    gateway
        .bodies()
        .forEach(b -> assertThat(gateway.timesSeen(b.getString("eventId"))).isEqualTo(1));
    assertThat(gateway.proofs())
        .as("a challenge that arrives after the card left is not answered")
        .isEmpty();
  }
}
