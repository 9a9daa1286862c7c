package jp.oqsgateway.agentprotocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {
  private static final UUID CARD_EVENT = UUID.fromString("3f1c8a52-0d4e-4b7a-9c61-2a5e7d9b0c14");

  private static EventHeader header() {
    return new EventHeader(
        UUID.randomUUID(),
        "uketsuke-pc-1",
        "Virtual PCD 00 00",
        "uketsuke-1",
        Instant.parse("2026-04-01T09:00:00Z"));
  }

  private static List<AgentEvent> oneOfEach() {
    return List.of(
        new CardInserted(header(), CardType.MYNUMBER, new byte[] {0x30, 0x03}, new byte[] {0x3B}),
        new CardInserted(header(), CardType.OTHER, null, new byte[] {0x3B, 0x00}),
        new CardRemoved(header()),
        new ReaderStatus(header(), ReaderStatus.State.UNAVAILABLE, "pcscd stopped"),
        new CardError(header(), ErrorKind.WRONG_PIN, OptionalInt.of(2), CARD_EVENT),
        new CardProof(header(), CARD_EVENT, UUID.randomUUID().toString(), new byte[256]));
  }

  @Test
  void everyEventTheAgentWritesPassesTheGatewaysCheckUnchanged() {
    for (AgentEvent written : oneOfEach()) {
      AgentEvent received = EventCodec.check(written.address(), written.toJson());
      assertThat(received.toJson()).as(written.address()).isEqualTo(written.toJson());
      assertThat(AgentAddresses.ALL).contains(received.address());
    }
  }

  @Test
  void everyEventReadsBackFromTheJournalAsWritten() {
    for (AgentEvent written : oneOfEach()) {
      assertThat(AgentEvent.fromJson(written.address(), written.toJson()).toJson())
          .isEqualTo(written.toJson());
    }
  }

  @Test
  void theBodyOnTheWireKeepsItsFieldNames() {
    JsonObject body =
        new CardError(header(), ErrorKind.PIN_LOCKED, OptionalInt.of(0), CARD_EVENT).toJson();
    assertThat(body.fieldNames())
        .containsExactlyInAnyOrder(
            "eventId",
            "agentId",
            "readerId",
            "deskId",
            "occurredAt",
            "kind",
            "pinTriesLeft",
            "cardEventId");
    assertThat(body.getString("kind")).isEqualTo("PIN_LOCKED");
  }

  @Test
  void aBodyBreakingARuleIsRefusedNamingTheFieldAndTheRule() {
    JsonObject noDesk = new CardRemoved(header()).toJson();
    noDesk.remove("deskId");
    assertThatThrownBy(() -> EventCodec.check(AgentAddresses.CARD_REMOVED, noDesk))
        .isInstanceOf(EventCodec.InvalidEvent.class)
        .hasMessage("deskId: is required");

    JsonObject badState = new ReaderStatus(header(), ReaderStatus.State.READY, "").toJson();
    badState.put("state", "broken");
    assertThatThrownBy(() -> EventCodec.check(AgentAddresses.READER_STATUS, badState))
        .hasMessage("state: must be one of absent, ready, unavailable");

    JsonObject tooMany =
        new CardError(header(), ErrorKind.WRONG_PIN, OptionalInt.of(1), null).toJson();
    tooMany.put("pinTriesLeft", 16);
    assertThatThrownBy(() -> EventCodec.check(AgentAddresses.CARD_ERROR, tooMany))
        .hasMessage("pinTriesLeft: must be between 0 and 15");

    assertThatThrownBy(() -> EventCodec.check(AgentAddresses.CARD_REMOVED, "text"))
        .hasMessage("body: must be a JSON object");
  }
}
