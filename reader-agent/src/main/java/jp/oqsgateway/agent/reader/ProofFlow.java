package jp.oqsgateway.agent.reader;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import jp.oqsgateway.agent.event.Events;
import jp.oqsgateway.agent.jpki.JpkiClient;
import jp.oqsgateway.agent.jpki.JpkiException;
import jp.oqsgateway.agent.jpki.PinResult;
import jp.oqsgateway.agent.jpki.Pins;
import jp.oqsgateway.agent.pcsc.PcscContext;
import jp.oqsgateway.agent.pcsc.PcscException;
import jp.oqsgateway.agent.pin.PinRequest;
import jp.oqsgateway.agentprotocol.ErrorKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves possession of the card for one gateway challenge, on the reader's thread: reads the retry
 * counter (no try spent), asks a person for the PIN (on the prompt thread), sends it once, and on
 * success signs the challenge. A wrong PIN is reported with the tries left and the person is asked
 * again, showing them; the agent itself never sends a PIN twice, and never a VERIFY with data to a
 * blocked card. The card is checked to be the same one at every step; a card taken out ends the
 * flow quietly (its removal is reported anyway).
 */
final class ProofFlow {
  private static final Logger log = LoggerFactory.getLogger(ProofFlow.class);

  private final ReaderWorker reader;
  private final Events.ForReader events;
  private final UUID cardEventId;
  private final Challenge challenge;
  // System.nanoTime() of each step, for the DEBUG timing line
  private final long queued;
  private long began;
  private long asked;

  ProofFlow(ReaderWorker reader, UUID cardEventId, Challenge challenge, long queued) {
    this.reader = reader;
    this.events = reader.events();
    this.cardEventId = cardEventId;
    this.challenge = challenge;
    this.queued = queued;
  }

  void begin(PcscContext context) {
    began = System.nanoTime();
    CardSession card = sameCard();
    if (card == null) {
      return;
    }
    if (card.certificate() == null) {
      fail(ErrorKind.NOT_MYNUMBER, OptionalInt.empty());
      return;
    }
    if (card.certificate().isExpiredAt(reader.clock().instant())) {
      fail(ErrorKind.CARD_EXPIRED, OptionalInt.empty());
      return;
    }
    try {
      int tries = jpki(context, card).pinTriesLeft();
      if (tries == 0) {
        fail(ErrorKind.PIN_LOCKED, OptionalInt.of(0));
        return;
      }
      ask(tries);
    } catch (PcscException | JpkiException e) {
      unreadable(card, e);
    }
  }

  private void ask(int tries) {
    asked = System.nanoTime();
    reader.askPin(
        new PinRequest(events.readerId(), events.deskId(), tries),
        (context, pin) -> answered(context, pin, tries));
  }

  private void answered(PcscContext context, Optional<char[]> answer, int tries) {
    char[] pin = answer.orElse(null);
    try {
      CardSession card = sameCard();
      if (card == null) {
        return;
      }
      if (pin == null) {
        fail(ErrorKind.PIN_CANCELLED, OptionalInt.of(tries));
        return;
      }
      if (challenge.isExpiredAt(reader.clock().instant())) {
        log.info("reader {}: challenge {} expired before the PIN", events.readerId(), id());
        return;
      }
      if (!Pins.isWellFormed(pin)) {
        ask(tries);
        return;
      }
      long answered = System.nanoTime();
      verifyAndSign(context, card, pin);
      log.debug(
          "reader {}: challenge {}: {} ms queued, {} ms to the PIN prompt, {} ms for the PIN, {} ms"
              + " to VERIFY and sign",
          events.readerId(),
          id(),
          Millis.between(queued, began),
          Millis.between(began, asked),
          Millis.between(asked, answered),
          Millis.since(answered));
    } finally {
      Pins.wipe(pin);
    }
  }

  private void verifyAndSign(PcscContext context, CardSession card, char[] pin) {
    try {
      JpkiClient jpki = jpki(context, card);
      PinResult result = jpki.verifyPin(pin);
      if (result instanceof PinResult.Verified) {
        byte[] signature = jpki.sign(challenge.nonce());
        reader.emit(events.proof(cardEventId, challenge.challengeId(), signature));
        log.info("reader {}: challenge {} signed", events.readerId(), id());
      } else if (result instanceof PinResult.Wrong wrong) {
        fail(ErrorKind.WRONG_PIN, OptionalInt.of(wrong.triesLeft()));
        ask(wrong.triesLeft());
      } else {
        fail(ErrorKind.PIN_LOCKED, OptionalInt.of(0));
      }
    } catch (PcscException | JpkiException e) {
      unreadable(card, e);
    }
  }

  private JpkiClient jpki(PcscContext context, CardSession card) throws PcscException {
    return new JpkiClient(card.connection(context, reader.pcscName()));
  }

  /** The session of the card this challenge is for, or null when it is not in the reader. */
  private CardSession sameCard() {
    CardSession card = reader.card();
    if (card == null || !card.insertedEventId().equals(cardEventId)) {
      log.info("reader {}: challenge {} is for a card no longer inserted", events.readerId(), id());
      return null;
    }
    return card;
  }

  private void unreadable(CardSession card, Exception e) {
    log.info("reader {}: proof failed: {}", events.readerId(), e.getMessage());
    card.disconnect();
    ErrorKind kind = e instanceof JpkiException j ? j.kind() : ErrorKind.UNREADABLE;
    fail(kind, OptionalInt.empty());
  }

  private void fail(ErrorKind kind, OptionalInt tries) {
    reader.emit(events.error(kind, tries, cardEventId));
  }

  private String id() {
    return challenge.challengeId();
  }
}
