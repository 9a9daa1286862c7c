package jp.oqsgateway.agent.daemon;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import jp.oqsgateway.agent.config.AgentConfig;
import jp.oqsgateway.agent.event.Events;
import jp.oqsgateway.agent.journal.Journal;
import jp.oqsgateway.agent.link.GatewayLink;
import jp.oqsgateway.agent.link.PendingEvent;
import jp.oqsgateway.agent.link.Reply;
import jp.oqsgateway.agent.pcsc.Pcsc;
import jp.oqsgateway.agent.pin.PinPrompt;
import jp.oqsgateway.agent.reader.Challenge;
import jp.oqsgateway.agent.reader.ReaderMonitor;
import jp.oqsgateway.agentprotocol.AgentEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code run} command: readers watched by the {@link ReaderMonitor} (PC/SC on its own threads),
 * every event appended to the on-disk {@link Journal} before anything else, and the journal drained
 * to the gateway by the {@link GatewayLink}. The gateway's answer to a My Number card carries a
 * challenge: the monitor then asks for the PIN on this PC, verifies it on the card and signs, and
 * the proof goes the same way as every other event.
 */
public final class AgentDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentDaemon.class);

  private final Vertx vertx;
  private final Journal journal;
  private final GatewayLink link;
  private final ReaderMonitor monitor;

  private AgentDaemon(Vertx vertx, Journal journal, GatewayLink link, ReaderMonitor monitor) {
    this.vertx = vertx;
    this.journal = journal;
    this.link = link;
    this.monitor = monitor;
  }

  /**
   * Opens the journal, connects to the gateway (in the background: an unreachable gateway only
   * delays delivery) and starts watching the readers.
   */
  public static AgentDaemon start(AgentConfig config, Pcsc pcsc, PinPrompt prompt, Clock clock)
      throws IOException {
    URI url = config.gatewayUrl().orElseThrow(() -> missing("gateway.url"));
    Path tokenFile = config.tokenFile().orElseThrow(() -> missing("gateway.token-file"));
    Path caFile = config.caFile().orElseThrow(() -> missing("gateway.ca-file"));
    Journal journal = Journal.open(config.bufferDir(), config.maxEvents());
    JournalOutgoing outgoing = new JournalOutgoing(journal);
    Vertx vertx = Vertx.vertx();
    ReaderMonitor[] monitor = new ReaderMonitor[1];
    GatewayLink link =
        new GatewayLink(
            GatewayLink.Options.defaults(url, caFile, () -> readToken(tokenFile)),
            outgoing,
            new GatewayLink.Listener() {
              @Override
              public void replied(PendingEvent event, Reply reply) {
                onReply(monitor[0], event, reply);
              }
            });
    vertx.deployVerticle(link).await();
    monitor[0] =
        new ReaderMonitor(
            pcsc,
            config.readers(),
            new Events(config.agentId()),
            event -> record(outgoing, link, event),
            prompt,
            clock);
    monitor[0].start();
    LOG.atInfo()
        .addKeyValue("agentId", config.agentId())
        .addKeyValue("pending", journal.pending().size())
        .log("reader agent running");
    return new AgentDaemon(vertx, journal, link, monitor[0]);
  }

  /** On the reader's thread: the event is on disk before the link is told. */
  private static void record(JournalOutgoing outgoing, GatewayLink link, AgentEvent event) {
    long start = System.nanoTime();
    try {
      outgoing.append(event);
      LOG.atDebug()
          .addKeyValue("eventId", event.eventId())
          .addKeyValue("durationMs", (System.nanoTime() - start) / 1_000_000)
          .log("event journaled");
    } catch (IOException e) {
      LOG.atError()
          .setCause(e)
          .addKeyValue("eventId", event.eventId())
          .log("cannot write the event journal; the event is lost");
      return;
    }
    link.wakeUp();
  }

  private static void onReply(ReaderMonitor monitor, PendingEvent event, Reply reply) {
    JsonObject body = reply.body();
    if (event.address().equals("reader.card.inserted") && body.containsKey("challenge")) {
      Challenge challenge = Challenge.fromJson(body.getJsonObject("challenge"));
      String readerId = event.body().getString("readerId");
      if (!monitor.prove(readerId, event.eventId(), challenge)) {
        LOG.atInfo()
            .addKeyValue("eventId", event.eventId())
            .log("challenge for a reader that is gone; it expires unanswered");
      }
    } else if (event.address().equals("reader.card.proof")) {
      LOG.atInfo()
          .addKeyValue("eventId", event.eventId())
          .addKeyValue("outcome", body.getString("outcome", "-"))
          .log("the gateway took the card's proof");
    }
  }

  private static String readToken(Path tokenFile) {
    try {
      return Files.readString(tokenFile).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read gateway.token-file " + tokenFile, e);
    }
  }

  private static IllegalStateException missing(String key) {
    return new IllegalStateException("configuration " + key + ": required by run");
  }

  /** Whether the link to the gateway is up now. */
  public boolean connected() {
    return link.isConnected();
  }

  /** Events waiting in the journal for the gateway. */
  public int pending() {
    return journal.pending().size();
  }

  @Override
  public void close() {
    monitor.close();
    vertx.close().await();
    try {
      journal.close();
    } catch (IOException e) {
      LOG.atWarn().setCause(e).log("cannot close the event journal");
    }
  }
}
