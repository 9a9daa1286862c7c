package jp.oqsgateway.agent.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import jp.oqsgateway.agent.event.Events;
import jp.oqsgateway.agent.pcsc.Pcsc;
import jp.oqsgateway.agent.pin.ScriptedPinPrompt;
import jp.oqsgateway.agentprotocol.CardError;
import jp.oqsgateway.agentprotocol.CardInserted;
import jp.oqsgateway.agentprotocol.CardProof;
import jp.oqsgateway.agentprotocol.CardRemoved;
import jp.oqsgateway.agentprotocol.CardType;
import jp.oqsgateway.agentprotocol.ErrorKind;
import jp.oqsgateway.agentprotocol.ReaderStatus;
import jp.oqsgateway.vcard.CardMaterial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * What the reader monitor promises, whatever PC/SC is underneath: run against the simulator and
 * against the virtual card through the real pcscd. The pcscd restart runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ReaderMonitorContract {
  protected static final String READER = "Virtual PCD 00 00";
  protected static final String READER_ID = "reader-1";
  protected static final String DESK_ID = "desk-1";
  protected static final Duration LIMIT = Duration.ofSeconds(5);
  private static final SecureRandom RANDOM = new SecureRandom();

  private static CardMaterial valid;

  protected final RecordingSink sink = new RecordingSink();
  private ReaderMonitor monitor;
  private ScriptedPinPrompt prompt;

  /** The PC/SC under test. */
  protected abstract Pcsc pcsc();

  /**
   * Puts a fresh card with {@code material} and {@code triesLeft} PIN tries into {@link #READER}.
   */
  protected abstract void insert(CardMaterial material, int triesLeft);

  protected abstract void remove();

  /** The card's retry counter as the card itself keeps it. */
  protected abstract int cardTriesLeft();

  /** Kills and restarts pcscd. */
  protected abstract void restartPcsc() throws Exception;

  /** Every command APDU the card got, or null where that cannot be seen. */
  protected List<byte[]> commands() {
    return null;
  }

  protected static synchronized CardMaterial validCard() {
    if (valid == null) {
      valid = TestCards.valid();
    }
    return valid;
  }

  protected void startMonitor(String... pins) {
    prompt = new ScriptedPinPrompt(List.of(pins));
    monitor =
        new ReaderMonitor(
            pcsc(),
            name ->
                name.equals(READER)
                    ? new ReaderIdentity(READER_ID, DESK_ID)
                    : new ReaderIdentity("other", "desk-x"),
            new Events("agent-test"),
            sink,
            prompt,
            Clock.systemUTC());
    monitor.start();
    awaitReady();
  }

  protected ReaderStatus awaitReady() {
    return sink.await(
        ReaderStatus.class,
        s -> s.readerId().equals(READER_ID) && s.state() == ReaderStatus.State.READY,
        LIMIT);
  }

  private CardInserted insertAndAwait(CardMaterial material, int tries) {
    insert(material, tries);
    return sink.await(CardInserted.class, e -> e.readerId().equals(READER_ID), LIMIT);
  }

  private Challenge challenge() {
    byte[] nonce = new byte[32];
    RANDOM.nextBytes(nonce);
    return new Challenge("ch-" + RANDOM.nextInt(1000), nonce, Instant.now().plusSeconds(60));
  }

  @AfterEach
  void stopMonitor() {
    remove();
    if (monitor != null) {
      monitor.close();
    }
  }

  @Test
  @Order(1)
  void anInsertedMyNumberCardIsReportedWithItsCertificateAndItsRemovalFollows() throws Exception {
    startMonitor();
    CardInserted inserted = insertAndAwait(validCard(), 3);

    assertThat(inserted.cardType()).isEqualTo(CardType.MYNUMBER);
    assertThat(inserted.certificate()).isEqualTo(validCard().authCertificate().getEncoded());
    assertThat(inserted.atr()).isNotEmpty();
    assertThat(inserted.header().deskId()).isEqualTo(DESK_ID);
    assertThat(inserted.toJson().getString("cardType")).isEqualTo("mynumber");

    remove();
    CardRemoved removed = sink.await(CardRemoved.class, e -> e.readerId().equals(READER_ID), LIMIT);
    assertThat(removed.eventId()).isNotEqualTo(inserted.eventId());
  }

  @Test
  @Order(2)
  void aWrongPinIsReportedWithTheTriesLeftAndTheAgentNeverSendsItAgain() {
    startMonitor("9999");
    CardInserted inserted = insertAndAwait(validCard(), 3);

    monitor.prove(READER_ID, inserted.eventId(), challenge());

    CardError wrong = sink.await(CardError.class, e -> e.kind() == ErrorKind.WRONG_PIN, LIMIT);
    assertThat(wrong.pinTriesLeft()).isEqualTo(OptionalInt.of(2));
    assertThat(wrong.cardEventId()).isEqualTo(inserted.eventId());
    // the person is asked again (the script has no second PIN: cancelled); nothing else is sent
    CardError cancelled =
        sink.await(CardError.class, e -> e.kind() == ErrorKind.PIN_CANCELLED, LIMIT);
    assertThat(cancelled.pinTriesLeft()).isEqualTo(OptionalInt.of(2));
    assertThat(cardTriesLeft()).isEqualTo(2);
    assertThat(prompt.requests()).extracting(r -> r.triesLeft()).containsExactly(3, 2);
  }

  @Test
  @Order(3)
  void theRightPinAndTheCardsSignatureOverTheChallengeProvePossession() throws Exception {
    startMonitor("1234");
    CardInserted inserted = insertAndAwait(validCard(), 3);
    Challenge challenge = challenge();

    monitor.prove(READER_ID, inserted.eventId(), challenge);

    CardProof proof = sink.await(CardProof.class, p -> true, LIMIT);
    assertThat(proof.cardEventId()).isEqualTo(inserted.eventId());
    assertThat(proof.challengeId()).isEqualTo(challenge.challengeId());
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(validCard().authCertificate().getPublicKey());
    v.update(challenge.nonce());
    assertThat(v.verify(proof.signature())).isTrue();
    assertThat(proof.toJson().encode()).doesNotContain("1234");
    assertThat(cardTriesLeft()).isEqualTo(3);
  }

  @Test
  @Order(4)
  void aBlockedCardIsReportedLockedWithoutAskingForOrSendingAPin() {
    startMonitor("1234");
    CardInserted inserted = insertAndAwait(validCard(), 0);

    monitor.prove(READER_ID, inserted.eventId(), challenge());

    CardError locked = sink.await(CardError.class, e -> e.kind() == ErrorKind.PIN_LOCKED, LIMIT);
    assertThat(locked.pinTriesLeft()).isEqualTo(OptionalInt.of(0));
    assertThat(prompt.requests()).isEmpty();
    if (commands() != null) {
      assertThat(commands())
          .noneMatch(c -> c.length > 4 && (c[1] & 0xFF) == 0x20)
          .as("no VERIFY with data");
    }
  }

  @Test
  @Order(5)
  void anExpiredCertificateIsReportedAsCardExpired() {
    startMonitor();
    CardInserted inserted = insertAndAwait(TestCards.expired(), 3);

    CardError expired = sink.await(CardError.class, e -> e.kind() == ErrorKind.CARD_EXPIRED, LIMIT);
    assertThat(expired.cardEventId()).isEqualTo(inserted.eventId());
  }

  @Test
  @Order(100)
  void afterAPcscdRestartTheMonitorRecoversAndReportsTheNextInsertion() throws Exception {
    startMonitor();
    insertAndAwait(validCard(), 3);
    sink.clear();

    long t0 = System.nanoTime();
    restartPcsc();
    sink.await(
        ReaderStatus.class,
        s -> s.readerId().equals(READER_ID) && s.state() == ReaderStatus.State.UNAVAILABLE,
        LIMIT);
    awaitReady();
    // the card that stayed in the reader is reported again
    sink.await(CardInserted.class, e -> e.readerId().equals(READER_ID), LIMIT);
    long ready = System.nanoTime();
    sink.clear();
    remove();
    sink.await(CardRemoved.class, e -> e.readerId().equals(READER_ID), LIMIT);
    long t1 = System.nanoTime();
    CardInserted again = insertAndAwait(validCard(), 3);
    System.out.printf(
        "%s: card reported again %d ms after the pcscd restart; next insertion after %d ms%n",
        getClass().getSimpleName(), (ready - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
    assertThat(again.cardType()).isEqualTo(CardType.MYNUMBER);
    assertThat(again.certificate()).isEqualTo(validCard().authCertificate().getEncoded());
  }
}
