package jp.oqsgateway.gateway.oqs.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jp.oqsgateway.gateway.oqs.simulator.Responder.Answer;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlException;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.UnencodableTextException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks requests up from {@code req/} (they disappear, as with the real terminal), applies the
 * planned faults and writes the answers, all on one worker thread ({@code oqs-sim-worker}) so
 * requests are handled in order: pick-up after the pick-up delay, the answer after the answer delay
 * or a planned latency.
 */
final class RequestPipeline {
  /** The simulator's log category, so one logger setting covers all of it. */
  private static final Logger LOG = LoggerFactory.getLogger(TerminalSimulator.class);

  private final SimulatorOptions options;
  private final FaultPlan faults;
  private final Responder responder;
  private final ResultFiles files;
  private final FaultEffects effects;
  private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
  private final AtomicLong pickedUp = new AtomicLong();
  private ScheduledExecutorService worker;

  RequestPipeline(
      SimulatorOptions options,
      FaultPlan faults,
      Responder responder,
      ResultFiles files,
      FaultEffects effects) {
    this.options = options;
    this.faults = faults;
    this.responder = responder;
    this.files = files;
    this.effects = effects;
  }

  long pickedUpCount() {
    return pickedUp.get();
  }

  void start() {
    worker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "oqs-sim-worker");
              t.setDaemon(true);
              return t;
            });
  }

  void shutdownNow() {
    worker.shutdownNow();
  }

  void awaitTermination() throws InterruptedException {
    worker.awaitTermination(5, TimeUnit.SECONDS);
  }

  /** A request seen in {@code req/}: scheduled for pick-up once, however often it is seen. */
  void offer(RequestName name) {
    if (scheduled.add(name.fileName())) {
      try {
        worker.schedule(
            () -> pickUp(name), options.pickupDelay().toMillis(), TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        scheduled.remove(name.fileName()); // shutting down
      }
    }
  }

  private void pickUp(RequestName name) {
    Path file = options.req().resolve(name.fileName());
    try {
      if (faults.isDown(name)) {
        return; // the terminal does not pick anything up; the file stays in req/
      }
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(file);
        Files.delete(file);
      } catch (NoSuchFileException gone) {
        return;
      }
      pickedUp.incrementAndGet();
      FaultPlan.Decision decision = faults.decide(name);
      long delay = Math.max(decision.latencyMillis(), options.answerDelay().toMillis());
      worker.schedule(() -> respond(name, bytes, decision.fault()), delay, TimeUnit.MILLISECONDS);
    } catch (IOException | RuntimeException e) {
      LOG.warn("pick-up of {} failed: {}", name.fileName(), e.toString());
    } finally {
      scheduled.remove(name.fileName());
    }
  }

  private void respond(RequestName name, byte[] request, FaultRule fault) {
    try {
      FaultType type = fault == null ? null : fault.type();
      if (type == FaultType.NO_ANSWER) {
        LOG.info("fault no-answer: {} picked up and dropped", name.fileName());
        return;
      }
      ParsedDocument doc;
      try {
        doc = new OqsXmlReader().parse(name.fileName(), request);
      } catch (OqsXmlException e) {
        writeErr(name, request, "XML形式が不正です: " + e.getMessage());
        return;
      }
      if (type == FaultType.ERR) {
        writeErr(name, request, "要求ファイルを処理できませんでした（シミュレータの障害注入）。");
        return;
      }
      if (type == FaultType.STILL_PROCESSING) {
        effects.planStillProcessing(doc, fault.times());
      }
      List<Answer> answers = responder.answer(name, doc);
      for (Answer a : answers) {
        byte[] bytes = effects.corrupt(fault, files.bytes(a));
        files.write(a.fileName(), bytes);
        if (type == FaultType.DUPLICATE) {
          worker.schedule(
              () -> files.write(a.fileName(), bytes),
              options.duplicateDelay().toMillis(),
              TimeUnit.MILLISECONDS);
        }
        if (type == FaultType.UNKNOWN_RESULT && a.xml() != null) {
          effects.writeUnknown(name, a.xml());
        }
      }
    } catch (RuntimeException | IOException | UnencodableTextException e) {
      LOG.warn("answering {} failed: {}", name.fileName(), e.toString());
    }
  }

  /** The request put back into {@code res/} beside a {@code .err} artefact with the message. */
  private void writeErr(RequestName name, byte[] request, String message) {
    files.write(name.fileName(), request);
    files.write(name.errName(), message.getBytes(options.encoding().charset()));
  }
}
