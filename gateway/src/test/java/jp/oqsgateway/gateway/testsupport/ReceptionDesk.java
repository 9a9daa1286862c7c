package jp.oqsgateway.gateway.testsupport;

import static jp.oqsgateway.gateway.testsupport.Eventually.await;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.function.IntSupplier;
import jp.oqsgateway.agent.config.AgentConfig;
import jp.oqsgateway.agent.config.ConfigLoader;
import jp.oqsgateway.agent.daemon.AgentDaemon;
import jp.oqsgateway.agent.pcsc.JnaPcsc;
import jp.oqsgateway.agent.pin.PinPrompt;
import jp.oqsgateway.agent.pin.PinRequest;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorJpkiCa;
import jp.oqsgateway.vcard.CardMaterial;
import jp.oqsgateway.vcard.VirtualCard;
import jp.oqsgateway.vcard.pcscd.Pcscd;
import jp.oqsgateway.vcard.pcscd.PcscdUnavailableException;
import org.opentest4j.TestAbortedException;

/**
 * A reception desk's real hardware path: pcscd with the vpcd reader, the virtual My Number card
 * plugged into it, and the reader agent (journal on disk, TLS link to the gateway's agent port)
 * reporting that reader for one desk; plus the person at the desk who answers the PIN prompts.
 * Skips the test, with the reason, where pcscd cannot run.
 */
public final class ReceptionDesk implements AutoCloseable {
  private final Pcscd pcscd;
  private final Path work;
  private final Path simulatorCa;
  private final Person person = new Person();
  private AgentDaemon agent;
  private VirtualCard card;

  private ReceptionDesk(Pcscd pcscd, Path work, Path simulatorCa) {
    this.pcscd = pcscd;
    this.work = work;
    this.simulatorCa = simulatorCa;
  }

  /**
   * pcscd (started, or the one already serving this JVM's socket) for a gateway whose home is
   * {@code home}; the simulator's JPKI CA is created there before the gateway reads it.
   */
  public static ReceptionDesk prepare(Path home) throws Exception {
    Pcscd pcscd;
    try {
      pcscd = Pcscd.start(Path.of(System.getProperty("oqsgw.pcscdWorkDir", "target/pcscd")));
    } catch (PcscdUnavailableException e) {
      // Surefire's report of a class skipped before its first test drops the reason: say it here
      // (./ops/test's list of skipped tests reads it from the class's output).
      System.err.println("skipped: pcscd cannot run here: " + e.getMessage());
      throw new TestAbortedException("pcscd cannot run here: " + e.getMessage());
    }
    Path ca = home.resolve("var/oqs/.simulator/ca");
    SimulatorJpkiCa.open(ca);
    return new ReceptionDesk(pcscd, Files.createTempDirectory("oqsgw-desk-"), ca);
  }

  /** The gateway's {@code agents.jpki-ca} setting for this desk's cards. */
  public static Map.Entry<String, String> jpkiCaSetting(Path home) {
    return Map.entry("agents.jpki-ca", home.resolve("var/oqs/.simulator/ca/ca.crt.pem").toString());
  }

  /**
   * Starts the reader agent of {@code gw} (its agent port, its CA, an agent token for the desk):
   * reader {@code "Virtual PCD 00 00"} is {@code reader} at {@code desk}.
   */
  public AgentDaemon startAgent(
      InProcessGateway gw, String agentId, String desk, String reader, int agentPort)
      throws Exception {
    return startAgent(
            agentId,
            desk,
            reader,
            agentPort,
            gw.gateway().agents().orElseThrow().ca().orElseThrow(),
            gw.agentBearer(agentId, desk).substring("Bearer ".length()))
        .agent();
  }

  /**
   * Starts the reader agent: reader {@code "Virtual PCD 00 00"} is {@code reader} at {@code desk}.
   */
  public ReceptionDesk startAgent(
      String agentId, String desk, String reader, int agentPort, Path gatewayCa, String token)
      throws Exception {
    Path tokenFile = Files.writeString(work.resolve("agent-token"), token);
    Path yaml =
        Files.writeString(
            work.resolve("agent.yaml"),
            String.join(
                "\n",
                "agent.id: " + agentId,
                "gateway.url: wss://localhost:" + agentPort + "/agent/eventbus/websocket",
                "gateway.token-file: " + tokenFile,
                "gateway.ca-file: " + gatewayCa,
                "buffer.dir: " + work.resolve("journal"),
                "readers:",
                "  - {match: \"Virtual PCD 00 00\", id: " + reader + ", desk: " + desk + "}",
                ""));
    AgentConfig config = ConfigLoader.load(yaml, Map.of());
    agent = AgentDaemon.start(config, JnaPcsc.create(), person, Clock.systemUTC());
    return this;
  }

  public AgentDaemon agent() {
    return agent;
  }

  public Pcscd pcscd() {
    return pcscd;
  }

  /**
   * What the person at the desk answers to the next PIN prompts, one per prompt; none = walks away.
   */
  public void say(String... answers) {
    person.willSay(answers);
  }

  /** The card of a simulated person, issued by the simulator's JPKI CA. */
  public CardMaterial cardOf(SimulatedPerson who) throws Exception {
    SimulatorJpkiCa ca = SimulatorJpkiCa.open(simulatorCa);
    ca.certificateFor(who.id());
    return CardMaterial.load(ca.cardFile(who.id()), null);
  }

  /** Puts that card on the reader (PIN 1234, 3 tries). */
  public void insert(CardMaterial material) {
    if (card == null) {
      card =
          VirtualCard.create(
              new InetSocketAddress("127.0.0.1", VirtualCard.VPCD_PORT), material, "1234", 3);
    } else {
      card.swap(material);
    }
    card.insert();
  }

  public VirtualCard card() {
    return card;
  }

  /** Takes the card off the reader and waits until vpcd says it is out. */
  public void takeOut() {
    card.remove();
    await("the card is out")
        .atMost(Duration.ofSeconds(30))
        .until(() -> card.status().inserted() ? null : true, Objects::nonNull);
  }

  /** Takes the card out if it is in (a test that failed may have left it there). */
  public void takeOutIfIn() {
    if (card != null && card.status().inserted()) {
      takeOut();
    }
  }

  /** Takes the card out and waits until {@code removals} (the gateway's count of them) grows. */
  public void remove(IntSupplier removals) {
    int before = removals.getAsInt();
    takeOut();
    await("the removal reached the gateway")
        .atMost(Duration.ofSeconds(30))
        .until(() -> removals.getAsInt() > before ? true : null, Objects::nonNull);
  }

  @Override
  public void close() {
    if (agent != null) {
      agent.close();
    }
    if (card != null) {
      card.close();
    }
    pcscd.close();
  }

  /** The person at the reception PC answering the agent's PIN prompts. */
  private static final class Person implements PinPrompt {
    private final Deque<String> answers = new LinkedBlockingDeque<>();

    void willSay(String... next) {
      answers.clear();
      answers.addAll(List.of(next));
    }

    @Override
    public Optional<char[]> ask(PinRequest request) {
      String answer = answers.poll();
      return answer == null || answer.isEmpty()
          ? Optional.empty()
          : Optional.of(answer.toCharArray());
    }
  }
}
