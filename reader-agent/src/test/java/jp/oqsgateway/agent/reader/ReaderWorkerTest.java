package jp.oqsgateway.agent.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jp.oqsgateway.agent.event.Events;
import jp.oqsgateway.agent.pcsc.SimulatedPcsc;
import jp.oqsgateway.agent.pin.PinPrompt;
import jp.oqsgateway.agent.pin.PinRequest;
import jp.oqsgateway.agentprotocol.CardInserted;
import jp.oqsgateway.agentprotocol.CardProof;
import jp.oqsgateway.agentprotocol.CardRemoved;
import jp.oqsgateway.agentprotocol.ReaderStatus;
import jp.oqsgateway.vcard.CardMaterial;
import jp.oqsgateway.vcard.JpkiApplet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reader's thread runs what it awaits (the gateway's challenge, a person's PIN) when it comes,
 * not when its PC/SC wait ends: the worker here waits on PC/SC in slices far longer than the limits
 * below, so a task held back by a slice fails the test.
 */
class ReaderWorkerTest {
  private static final String READER = "Virtual PCD 00 00";
  private static final Duration LONG_SLICE = Duration.ofSeconds(30);
  private static final Duration LIMIT = Duration.ofSeconds(5);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static CardMaterial material;

  private final SimulatedPcsc pcsc = new SimulatedPcsc();
  private final RecordingSink sink = new RecordingSink();
  private final ExecutorService promptThread = Executors.newSingleThreadExecutor();
  private final CountDownLatch personTyping = new CountDownLatch(1);
  private ReaderWorker worker;

  @BeforeAll
  static void card() {
    material = TestCards.valid();
  }

  @AfterEach
  void stop() throws InterruptedException {
    personTyping.countDown();
    if (worker != null) {
      worker.stop();
      pcsc.unplug(READER); // ends the worker's PC/SC wait
      worker.join(LIMIT);
    }
    promptThread.shutdownNow();
    promptThread.awaitTermination(5, TimeUnit.SECONDS);
  }

  private void start(PinPrompt prompt) {
    pcsc.plug(READER);
    worker =
        new ReaderWorker(
            READER,
            new Events("agent-test").forReader("reader-1", "desk-1"),
            pcsc,
            sink,
            prompt,
            promptThread,
            Clock.systemUTC(),
            LONG_SLICE);
    worker.start();
    sink.await(ReaderStatus.class, s -> s.state() == ReaderStatus.State.READY, LIMIT);
  }

  private CardInserted insert() {
    pcsc.insert(READER, new JpkiApplet(material, "1234", 3));
    return sink.await(CardInserted.class, e -> true, LIMIT);
  }

  private static Challenge challenge() {
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    return new Challenge("ch-1", nonce, Instant.now().plusSeconds(60));
  }

  @Test
  void theChallengeIsSignedWhenItArrivesWithoutWaitingOutTheReadersPcscWait() {
    start(request -> Optional.of("1234".toCharArray()));
    CardInserted inserted = insert();

    worker.prove(inserted.eventId(), challenge());

    CardProof proof = sink.await(CardProof.class, p -> true, LIMIT);
    assertThat(proof.cardEventId()).isEqualTo(inserted.eventId());
  }

  @Test
  void aCardTakenOutWhileThePersonTypesThePinIsReportedRemoved() {
    CountDownLatch prompted = new CountDownLatch(1);
    start(
        (PinRequest request) -> {
          prompted.countDown();
          try {
            personTyping.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return Optional.empty();
        });
    CardInserted inserted = insert();
    worker.prove(inserted.eventId(), challenge());
    awaitQuietly(prompted);

    pcsc.remove(READER);

    CardRemoved removed = sink.await(CardRemoved.class, e -> true, LIMIT);
    assertThat(removed.readerId()).isEqualTo("reader-1");
    assertThat(sink.events()).noneMatch(CardProof.class::isInstance);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertThat(latch.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
