package jp.oqsgateway.agent.event;

import io.vertx.core.json.JsonObject;
import java.util.Base64;
import java.util.OptionalInt;
import java.util.UUID;

/** Reads events back from their JSON bodies (the journal's records). */
final class EventCodec {
  private EventCodec() {}

  static AgentEvent decode(String address, JsonObject o) {
    EventHeader h = EventHeader.fromJson(o);
    return switch (address) {
      case CardInserted.ADDRESS -> CardInserted.fromJson(o);
      case CardRemoved.ADDRESS -> new CardRemoved(h);
      case ReaderStatus.ADDRESS ->
          new ReaderStatus(
              h,
              ReaderStatus.State.valueOf(o.getString("state").toUpperCase(java.util.Locale.ROOT)),
              o.getString("detail"));
      case CardError.ADDRESS ->
          new CardError(
              h,
              ErrorKind.valueOf(o.getString("kind")),
              o.containsKey("pinTriesLeft")
                  ? OptionalInt.of(o.getInteger("pinTriesLeft"))
                  : OptionalInt.empty(),
              uuid(o.getString("cardEventId")));
      case CardProof.ADDRESS ->
          new CardProof(
              h,
              uuid(o.getString("cardEventId")),
              o.getString("challengeId"),
              Base64.getDecoder().decode(o.getString("signature")));
      default -> throw new IllegalArgumentException("unknown address " + address);
    };
  }

  private static UUID uuid(String s) {
    return s == null ? null : UUID.fromString(s);
  }
}
