package jp.oqsgateway.agent.reader;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jp.oqsgateway.agent.event.EventSink;
import jp.oqsgateway.agent.event.Events;
import jp.oqsgateway.agent.pcsc.Pcsc;
import jp.oqsgateway.agent.pcsc.PcscContext;
import jp.oqsgateway.agent.pcsc.PcscException;
import jp.oqsgateway.agent.pin.PinPrompt;
import jp.oqsgateway.agentprotocol.ReaderStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches every PC/SC reader of this PC. One thread (this class) lists the readers on a PC/SC
 * context of its own and keeps one {@link ReaderWorker} thread per reader; the workers see cards
 * come and go. All PC/SC calls happen on those threads, never on the caller's or an event loop.
 * Events go to the {@link EventSink} as immutable records, from the thread that saw them.
 *
 * <p>Reported:
 *
 * <ul>
 *   <li>a reader appears: {@code reader.status ready} (from its worker, once its context is open);
 *   <li>a reader disappears: {@code reader.card.removed} if a card was in it, then {@code
 *       reader.status absent};
 *   <li>PC/SC fails (pcscd stopped or restarting): for each reader {@code reader.card.removed} if a
 *       card was in it, then {@code reader.status unavailable}; every {@value #RETRY_MS} ms a new
 *       context is tried, and once pcscd answers the readers are {@code ready} again and a card
 *       still in one is reported inserted again;
 *   <li>cards: {@code reader.card.inserted} (+ {@code reader.card.error} when it is not a readable,
 *       valid My Number card), {@code reader.card.removed}.
 * </ul>
 */
public final class ReaderMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReaderMonitor.class);
  static final long RETRY_MS = 500;
  static final Duration SLICE = Duration.ofMillis(200);
  private static final Duration POLL = Duration.ofMillis(250);
  private static final Duration JOIN = Duration.ofSeconds(3);

  private final Pcsc pcsc;
  private final ReaderNaming naming;
  private final Events events;
  private final EventSink sink;
  private final PinPrompt prompt;
  private final Clock clock;
  private final ExecutorService promptThread;
  private final Map<String, ReaderWorker> workers = new ConcurrentHashMap<>();
  private final Map<String, Long> restartAfter = new HashMap<>();
  private final Set<String> unavailable = new HashSet<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread thread;

  public ReaderMonitor(
      Pcsc pcsc,
      ReaderNaming naming,
      Events events,
      EventSink sink,
      PinPrompt prompt,
      Clock clock) {
    this.pcsc = pcsc;
    this.naming = naming;
    this.events = events;
    this.sink = sink;
    this.prompt = prompt;
    this.clock = clock;
    this.promptThread =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "pin-prompt");
              t.setDaemon(true);
              return t;
            });
    this.thread = new Thread(this::watch, "reader-list");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /**
   * Proves possession of the card the gateway challenged (from the reply to its {@code
   * reader.card.inserted}): asks for the PIN, verifies it on the card and signs. The outcome is a
   * {@code reader.card.proof} or {@code reader.card.error} event. Any thread.
   *
   * @return false when no reader has that id (the card's removal was or will be reported)
   */
  public boolean prove(String readerId, UUID cardEventId, Challenge challenge) {
    for (ReaderWorker w : workers.values()) {
      if (w.readerId().equals(readerId) && w.isAlive()) {
        w.prove(cardEventId, challenge);
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    closed.countDown();
    try {
      thread.join(JOIN.toMillis() * 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    promptThread.shutdownNow();
  }

  private void watch() {
    PcscContext context = null;
    boolean warned = false;
    while (closed.getCount() > 0) {
      if (context == null) {
        try {
          context = pcsc.open();
          log.info("PC/SC available");
          warned = false;
        } catch (PcscException e) {
          if (!warned) {
            log.warn("PC/SC unavailable, trying every {} ms: {}", RETRY_MS, e.getMessage());
            warned = true;
          }
          pause(Duration.ofMillis(RETRY_MS));
          continue;
        }
      }
      try {
        reconcile(context.readers());
      } catch (PcscException e) {
        log.warn("PC/SC failed: {}", e.getMessage());
        context.close();
        context = null;
        allUnavailable(e.getMessage());
        continue;
      }
      pause(POLL);
    }
    workers.values().forEach(ReaderWorker::stop);
    workers.values().forEach(w -> w.join(JOIN));
    workers.clear();
    if (context != null) {
      context.close();
    }
  }

  private void reconcile(List<String> names) {
    for (String name : List.copyOf(workers.keySet())) {
      if (!names.contains(name)) {
        ReaderWorker w = workers.remove(name);
        w.stop();
        w.join(JOIN);
        log.info("reader {} gone", w.readerId());
        w.emit(w.events().status(ReaderStatus.State.ABSENT, "reader disconnected"));
      }
    }
    long now = System.nanoTime();
    for (String name : names) {
      ReaderWorker w = workers.get(name);
      if (w != null && w.isAlive()) {
        continue;
      }
      Long after = restartAfter.get(name);
      if (w != null && after != null && now - after < 0) {
        continue;
      }
      unavailable.remove(name);
      ReaderIdentity id = naming.identify(name);
      ReaderWorker fresh =
          new ReaderWorker(
              name,
              events.forReader(id.readerId(), id.deskId()),
              pcsc,
              sink,
              prompt,
              promptThread,
              clock,
              SLICE);
      workers.put(name, fresh);
      restartAfter.put(name, now + TimeUnit.MILLISECONDS.toNanos(RETRY_MS * 2));
      log.info("watching reader {} (desk {})", id.readerId(), id.deskId());
      fresh.start();
    }
  }

  private void allUnavailable(String detail) {
    workers.values().forEach(ReaderWorker::stop);
    for (Map.Entry<String, ReaderWorker> e : workers.entrySet()) {
      ReaderWorker w = e.getValue();
      w.join(JOIN);
      if (unavailable.add(e.getKey())) {
        w.emit(w.events().status(ReaderStatus.State.UNAVAILABLE, "PC/SC unavailable: " + detail));
      }
    }
    workers.clear();
  }

  private void pause(Duration d) {
    try {
      closed.await(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed.countDown();
    }
  }
}
