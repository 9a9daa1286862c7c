package jp.oqsgateway.agent.event;

import java.time.Clock;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;
import jp.oqsgateway.agentprotocol.CardError;
import jp.oqsgateway.agentprotocol.CardInserted;
import jp.oqsgateway.agentprotocol.CardProof;
import jp.oqsgateway.agentprotocol.CardRemoved;
import jp.oqsgateway.agentprotocol.CardType;
import jp.oqsgateway.agentprotocol.ErrorKind;
import jp.oqsgateway.agentprotocol.EventHeader;
import jp.oqsgateway.agentprotocol.ReaderStatus;

/**
 * Makes events for one agent: a fresh random {@code eventId} and the current time per event, the
 * agent id, and the reader's configured id and desk.
 */
public final class Events {
  private final String agentId;
  private final Clock clock;
  private final Supplier<UUID> ids;

  public Events(String agentId, Clock clock, Supplier<UUID> ids) {
    this.agentId = Objects.requireNonNull(agentId);
    this.clock = Objects.requireNonNull(clock);
    this.ids = Objects.requireNonNull(ids);
  }

  public Events(String agentId) {
    this(agentId, Clock.systemUTC(), UUID::randomUUID);
  }

  /** The events of one reader. */
  public ForReader forReader(String readerId, String deskId) {
    return new ForReader(readerId, deskId);
  }

  /** Event factory bound to one reader and desk. */
  public final class ForReader {
    private final String readerId;
    private final String deskId;

    private ForReader(String readerId, String deskId) {
      this.readerId = Objects.requireNonNull(readerId);
      this.deskId = Objects.requireNonNull(deskId);
    }

    public String readerId() {
      return readerId;
    }

    public String deskId() {
      return deskId;
    }

    private EventHeader header() {
      return new EventHeader(ids.get(), agentId, readerId, deskId, clock.instant());
    }

    public CardInserted inserted(CardType type, byte[] certificate, byte[] atr) {
      return new CardInserted(header(), type, certificate, atr);
    }

    public CardRemoved removed() {
      return new CardRemoved(header());
    }

    public ReaderStatus status(ReaderStatus.State state, String detail) {
      return new ReaderStatus(header(), state, detail);
    }

    public CardError error(ErrorKind kind, OptionalInt triesLeft, UUID cardEventId) {
      return new CardError(header(), kind, triesLeft, cardEventId);
    }

    public CardProof proof(UUID cardEventId, String challengeId, byte[] signature) {
      return new CardProof(header(), cardEventId, challengeId, signature);
    }
  }
}
