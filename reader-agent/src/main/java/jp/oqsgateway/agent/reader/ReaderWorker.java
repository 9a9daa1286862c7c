package jp.oqsgateway.agent.reader;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.Executor;
import jp.oqsgateway.agent.event.EventSink;
import jp.oqsgateway.agent.event.Events;
import jp.oqsgateway.agent.jpki.AuthCertificate;
import jp.oqsgateway.agent.jpki.JpkiClient;
import jp.oqsgateway.agent.jpki.JpkiException;
import jp.oqsgateway.agent.jpki.Pins;
import jp.oqsgateway.agent.pcsc.CardConnection;
import jp.oqsgateway.agent.pcsc.Pcsc;
import jp.oqsgateway.agent.pcsc.PcscContext;
import jp.oqsgateway.agent.pcsc.PcscException;
import jp.oqsgateway.agent.pin.PinPrompt;
import jp.oqsgateway.agent.pin.PinRequest;
import jp.oqsgateway.agentprotocol.AgentEvent;
import jp.oqsgateway.agentprotocol.CardInserted;
import jp.oqsgateway.agentprotocol.CardType;
import jp.oqsgateway.agentprotocol.ErrorKind;
import jp.oqsgateway.agentprotocol.ReaderStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reader's own thread: every PC/SC call for this reader happens here, on a PC/SC context of its
 * own. Waits for insertion and removal in short slices and, between them, runs the tasks queued for
 * it (a gateway challenge to prove). While it awaits a task that is on its way (the gateway's
 * challenge after a My Number card was reported, a person's PIN after the prompt), it waits on its
 * task queue instead, so the task runs as soon as it arrives, and looks at the reader every {@link
 * #AWAIT_CHECK} between (a PC/SC wait cannot be woken when a task arrives: it would hold each task
 * back by up to a slice). The thread ends on {@link #stop()} or when PC/SC fails; the {@link
 * ReaderMonitor} then decides what to report and whether to start another.
 */
final class ReaderWorker {
  private static final Logger log = LoggerFactory.getLogger(ReaderWorker.class);

  /** A step to run on the reader's thread. */
  interface Task {
    void run(PcscContext context) throws PcscException;

    /** Called instead of {@link #run} when the thread ends first (wipes a PIN it holds). */
    default void discard() {}
  }

  /** What to do on the reader's thread with a PIN answer (empty: cancelled). */
  interface PinAnswer {
    void accept(PcscContext context, Optional<char[]> pin) throws PcscException;
  }

  static final int IDENTIFY_ATTEMPTS = 3;

  /** How often the reader is looked at while a task is awaited. */
  static final Duration AWAIT_CHECK = Duration.ofMillis(50);

  /** How long the gateway's challenge is awaited after a My Number card was reported. */
  static final Duration AWAIT_CHALLENGE = Duration.ofSeconds(5);

  /** How long a person's PIN is awaited on the task queue (then in slices, as before). */
  static final Duration AWAIT_PIN = Duration.ofSeconds(60);

  private final String pcscName;
  private final Events.ForReader events;
  private final Pcsc pcsc;
  private final EventSink sink;
  private final PinPrompt prompt;
  private final Executor promptThread;
  private final Clock clock;
  private final Duration slice;
  private final ReaderTasks tasks = new ReaderTasks();
  private final Thread thread;
  private volatile boolean stopping;
  private CardSession card;

  ReaderWorker(
      String pcscName,
      Events.ForReader events,
      Pcsc pcsc,
      EventSink sink,
      PinPrompt prompt,
      Executor promptThread,
      Clock clock,
      Duration slice) {
    this.pcscName = pcscName;
    this.events = events;
    this.pcsc = pcsc;
    this.sink = sink;
    this.prompt = prompt;
    this.promptThread = promptThread;
    this.clock = clock;
    this.slice = slice;
    this.thread = new Thread(this::run, "reader-" + events.readerId());
    this.thread.setDaemon(true);
  }

  String readerId() {
    return events.readerId();
  }

  Events.ForReader events() {
    return events;
  }

  void start() {
    thread.start();
  }

  boolean isAlive() {
    return thread.isAlive();
  }

  /** Asks the thread to end; it does within one wait slice. */
  void stop() {
    stopping = true;
  }

  void join(Duration limit) {
    try {
      thread.join(Math.max(1, limit.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("reader {} thread did not end within {}", readerId(), limit);
    }
  }

  void submit(Task task) {
    tasks.add(task);
  }

  /** Queues the proof of possession for the card of {@code cardEventId}. */
  void prove(UUID cardEventId, Challenge challenge) {
    long queued = System.nanoTime();
    submit(ctx -> new ProofFlow(this, cardEventId, challenge, queued).begin(ctx));
  }

  private void run() {
    PcscContext context = null;
    try {
      context = pcsc.open();
      emit(events.status(ReaderStatus.State.READY, "reader " + readerId() + " ready"));
      while (!stopping) {
        runTasks(context);
        if (card == null) {
          if (context.waitForCard(pcscName, true, slice)) {
            inserted(context);
          }
        } else if (tasks.awaiting()) {
          awaitTask(context);
        } else if (context.waitForCard(pcscName, false, slice)) {
          removed();
        }
      }
    } catch (PcscException e) {
      log.info("reader {}: PC/SC failed: {}", readerId(), e.getMessage());
    } catch (RuntimeException e) {
      log.error("reader {}: unexpected failure", readerId(), e);
    } finally {
      if (card != null) {
        removed();
      }
      if (context != null) {
        context.close();
      }
      discardTasks();
    }
  }

  private void discardTasks() {
    Task left;
    while ((left = tasks.next()) != null) {
      left.discard();
    }
  }

  private void runTasks(PcscContext context) throws PcscException {
    Task t;
    while ((t = tasks.next()) != null) {
      t.run(context);
    }
  }

  /** A task is on its way: run it when it comes, and see the card's removal meanwhile. */
  private void awaitTask(PcscContext context) throws PcscException {
    Task t;
    try {
      t = tasks.next(AWAIT_CHECK);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
      return;
    }
    if (t != null) {
      t.run(context);
    }
    if (card != null && context.waitForCard(pcscName, false, Duration.ZERO)) {
      removed();
    }
  }

  /**
   * A card arrived: identify it. A card still sliding in, or swapped faster than pcscd polls, can
   * fail at the PC/SC level for a moment; identification (never a VERIFY) is then tried again, up
   * to {@value #IDENTIFY_ATTEMPTS} times, while the card stays. A card gone before it was
   * identified is not reported at all.
   */
  private void inserted(PcscContext context) throws PcscException {
    for (int attempt = 1; ; attempt++) {
      CardConnection connection = null;
      byte[] atr = new byte[0];
      try {
        long seen = System.nanoTime();
        connection = context.connect(pcscName);
        long connected = System.nanoTime();
        atr = connection.atr();
        identify(connection, atr);
        log.debug(
            "reader {}: card connected in {} ms, identified and reported in {} ms",
            readerId(),
            Millis.between(seen, connected),
            Millis.since(connected));
        return;
      } catch (PcscException e) {
        if (connection != null) {
          connection.close();
        }
        if (attempt < IDENTIFY_ATTEMPTS) {
          log.debug(
              "reader {}: identification attempt {} failed: {}",
              readerId(),
              attempt,
              e.getMessage());
          if (context.waitForCard(pcscName, false, slice)) {
            return;
          }
          continue;
        }
        unreadable(atr, e.getMessage());
        return;
      } catch (JpkiException e) {
        connection.close();
        unreadable(atr, e.getMessage());
        return;
      }
    }
  }

  private void identify(CardConnection connection, byte[] atr) throws PcscException, JpkiException {
    JpkiClient jpki = new JpkiClient(connection);
    if (!jpki.isMyNumberCard()) {
      CardInserted e = events.inserted(CardType.OTHER, null, atr);
      card = new CardSession(e.eventId(), connection, null);
      emit(e);
      emit(events.error(ErrorKind.NOT_MYNUMBER, OptionalInt.empty(), e.eventId()));
      return;
    }
    AuthCertificate cert = AuthCertificate.parse(jpki.readAuthCertificate());
    CardInserted e = events.inserted(CardType.MYNUMBER, cert.der(), atr);
    card = new CardSession(e.eventId(), connection, cert);
    emit(e);
    if (cert.isExpiredAt(clock.instant())) {
      emit(events.error(ErrorKind.CARD_EXPIRED, OptionalInt.empty(), e.eventId()));
    } else {
      tasks.await(AWAIT_CHALLENGE);
    }
  }

  private void unreadable(byte[] atr, String why) {
    log.info("reader {}: card not readable: {}", readerId(), why);
    CardInserted ev = events.inserted(CardType.OTHER, null, atr);
    card = new CardSession(ev.eventId(), null, null);
    emit(ev);
    emit(events.error(ErrorKind.UNREADABLE, OptionalInt.empty(), ev.eventId()));
  }

  private void removed() {
    card.disconnect();
    card = null;
    tasks.awaitNothing();
    emit(events.removed());
  }

  // --- for ProofFlow, on this thread ---

  CardSession card() {
    return card;
  }

  String pcscName() {
    return pcscName;
  }

  Clock clock() {
    return clock;
  }

  /** Runs {@code prompt.ask} on the prompt thread, then {@code then} back on this thread. */
  void askPin(PinRequest request, PinAnswer then) {
    tasks.await(AWAIT_PIN);
    promptThread.execute(
        () -> {
          Optional<char[]> pin;
          try {
            pin = prompt.ask(request);
          } catch (RuntimeException e) {
            log.warn("reader {}: the PIN prompt failed: {}", readerId(), e.toString());
            pin = Optional.empty();
          }
          Optional<char[]> answer = pin;
          submit(
              new Task() {
                @Override
                public void run(PcscContext context) throws PcscException {
                  then.accept(context, answer);
                }

                @Override
                public void discard() {
                  answer.ifPresent(Pins::wipe);
                }
              });
          if (!thread.isAlive()) {
            discardTasks();
          }
        });
  }

  void emit(AgentEvent event) {
    try {
      sink.accept(event);
    } catch (RuntimeException e) {
      log.error("event sink failed for event {}", event.eventId(), e);
    }
  }
}
