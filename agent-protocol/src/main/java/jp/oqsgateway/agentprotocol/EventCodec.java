package jp.oqsgateway.agentprotocol;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads event bodies into the event records; each record writes its own body ({@link
 * AgentEvent#toJson()}).
 *
 * <p>Two readers, for two kinds of input: {@link #check} for a body that crossed the wire (the
 * gateway's intake: every field against the protocol's rules, {@link InvalidEvent} naming the first
 * that breaks one), and {@link #read} for a body this side wrote itself (the agent's journal: the
 * records' own invariants only, so that an event the gateway would refuse still reads back and is
 * answered by the gateway rather than lost with every event after it).
 */
public final class EventCodec {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._@:-]{1,128}");
  private static final Pattern DESK = Pattern.compile("[A-Za-z0-9._-]{1,40}");
  private static final Pattern READER = Pattern.compile("[^\\p{Cntrl}]{1,100}");
  private static final Pattern HEX = Pattern.compile("([0-9A-Fa-f]{2}){1,64}");

  /** The largest DER certificate a {@code reader.card.inserted} may carry. */
  public static final int MAX_CERTIFICATE_BYTES = 8 * 1024;

  /** The largest signature a {@code reader.card.proof} may carry. */
  public static final int MAX_SIGNATURE_BYTES = 1024;

  private static final int MAX_DETAIL = 200;
  private static final int MAX_PIN_TRIES = 15;

  private static final Set<String> CARD_TYPES = wire(CardType.values(), CardType::wire);
  private static final Set<String> READER_STATES =
      wire(ReaderStatus.State.values(), ReaderStatus.State::wire);
  private static final Set<String> ERROR_KINDS = wire(ErrorKind.values(), ErrorKind::name);

  private EventCodec() {}

  /** A body that breaks the protocol: the field and the rule ({@code deskId: is required}). */
  public static final class InvalidEvent extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidEvent(String field, String rule) {
      super(field + ": " + rule, null, false, false);
    }
  }

  /**
   * Checks a body received on {@code address} field by field and returns its event.
   *
   * @throws InvalidEvent naming the first field that breaks a rule
   * @throws IllegalArgumentException when {@code address} is not one of {@link AgentAddresses#ALL}
   */
  public static AgentEvent check(String address, Object rawBody) {
    if (!(rawBody instanceof JsonObject body)) {
      throw new InvalidEvent("body", "must be a JSON object");
    }
    EventHeader header =
        new EventHeader(
            uuid(body, "eventId"),
            text(body, "agentId", ID, "1-128 letters, digits or . _ @ : -"),
            text(body, "readerId", READER, "1-100 characters without control characters"),
            text(body, "deskId", DESK, "1-40 letters, digits, '.', '_' or '-'"),
            instant(body, "occurredAt"));
    return switch (address) {
      case AgentAddresses.CARD_INSERTED -> {
        CardType type = CardType.fromWire(oneOf(body, "cardType", CARD_TYPES));
        byte[] certificate = null;
        if (type == CardType.MYNUMBER) {
          certificate = base64(body, "certificate");
          if (certificate.length > MAX_CERTIFICATE_BYTES) {
            throw new InvalidEvent(
                "certificate", "must be at most " + MAX_CERTIFICATE_BYTES + " bytes");
          }
        }
        byte[] atr =
            body.getValue("atr") == null
                ? null
                : HexFormat.of().parseHex(text(body, "atr", HEX, "hex bytes"));
        yield new CardInserted(header, type, certificate, atr);
      }
      case AgentAddresses.CARD_REMOVED -> new CardRemoved(header);
      case AgentAddresses.READER_STATUS -> {
        String state = oneOf(body, "state", READER_STATES);
        Object detail = body.getValue("detail");
        if (detail != null && !(detail instanceof String d && d.length() <= MAX_DETAIL)) {
          throw new InvalidEvent(
              "detail", "must be a string of at most " + MAX_DETAIL + " characters");
        }
        yield new ReaderStatus(header, readerState(state), (String) detail);
      }
      case AgentAddresses.CARD_ERROR -> {
        ErrorKind kind = ErrorKind.valueOf(oneOf(body, "kind", ERROR_KINDS));
        Object tries = body.getValue("pinTriesLeft");
        if (tries != null
            && !(tries instanceof Integer || tries instanceof Long)
            && !(tries instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))) {
          throw new InvalidEvent("pinTriesLeft", "must be a whole number");
        }
        if (tries instanceof Number n && (n.longValue() < 0 || n.longValue() > MAX_PIN_TRIES)) {
          throw new InvalidEvent("pinTriesLeft", "must be between 0 and " + MAX_PIN_TRIES);
        }
        UUID cardEventId = body.getValue("cardEventId") == null ? null : uuid(body, "cardEventId");
        yield new CardError(
            header,
            kind,
            tries instanceof Number n ? OptionalInt.of(n.intValue()) : OptionalInt.empty(),
            cardEventId);
      }
      case AgentAddresses.CARD_PROOF -> {
        UUID cardEventId = uuid(body, "cardEventId");
        UUID challengeId = uuid(body, "challengeId");
        byte[] signature = base64(body, "signature");
        if (signature.length > MAX_SIGNATURE_BYTES) {
          throw new InvalidEvent("signature", "must be at most " + MAX_SIGNATURE_BYTES + " bytes");
        }
        yield new CardProof(header, cardEventId, challengeId.toString(), signature);
      }
      default -> throw new IllegalArgumentException("not an agent address: " + address);
    };
  }

  /**
   * Reads back a body this side wrote ({@link AgentEvent#toJson()}), checking only what the records
   * require.
   *
   * @throws RuntimeException when the body is not an event of {@code address}
   */
  public static AgentEvent read(String address, JsonObject o) {
    EventHeader h = EventHeader.fromJson(o);
    return switch (address) {
      case AgentAddresses.CARD_INSERTED -> {
        String cert = o.getString("certificate");
        yield new CardInserted(
            h,
            CardType.fromWire(o.getString("cardType")),
            cert == null ? null : Base64.getDecoder().decode(cert),
            HexFormat.of().parseHex(o.getString("atr", "")));
      }
      case AgentAddresses.CARD_REMOVED -> new CardRemoved(h);
      case AgentAddresses.READER_STATUS ->
          new ReaderStatus(h, readerState(o.getString("state")), o.getString("detail"));
      case AgentAddresses.CARD_ERROR ->
          new CardError(
              h,
              ErrorKind.valueOf(o.getString("kind")),
              o.containsKey("pinTriesLeft")
                  ? OptionalInt.of(o.getInteger("pinTriesLeft"))
                  : OptionalInt.empty(),
              optionalUuid(o.getString("cardEventId")));
      case AgentAddresses.CARD_PROOF ->
          new CardProof(
              h,
              optionalUuid(o.getString("cardEventId")),
              o.getString("challengeId"),
              Base64.getDecoder().decode(o.getString("signature")));
      default -> throw new IllegalArgumentException("not an agent address: " + address);
    };
  }

  private static ReaderStatus.State readerState(String wire) {
    return ReaderStatus.State.valueOf(wire.toUpperCase(Locale.ROOT));
  }

  private static UUID optionalUuid(String s) {
    return s == null ? null : UUID.fromString(s);
  }

  private static Object required(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      throw new InvalidEvent(field, "is required");
    }
    return v;
  }

  private static String text(JsonObject body, String field, Pattern rule, String ruleText) {
    if (!(required(body, field) instanceof String s) || !rule.matcher(s).matches()) {
      throw new InvalidEvent(field, "must be " + ruleText);
    }
    return s;
  }

  private static String oneOf(JsonObject body, String field, Set<String> values) {
    if (!(required(body, field) instanceof String s) || !values.contains(s)) {
      throw new InvalidEvent(
          field, "must be one of " + String.join(", ", values.stream().sorted().toList()));
    }
    return s;
  }

  private static UUID uuid(JsonObject body, String field) {
    if (required(body, field) instanceof String s && s.length() == 36) {
      try {
        return UUID.fromString(s);
      } catch (IllegalArgumentException e) {
        // fall through
      }
    }
    throw new InvalidEvent(field, "must be a UUID");
  }

  private static Instant instant(JsonObject body, String field) {
    if (required(body, field) instanceof String s) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        // fall through
      }
    }
    throw new InvalidEvent(field, "must be an RFC 3339 instant with offset");
  }

  private static byte[] base64(JsonObject body, String field) {
    if (required(body, field) instanceof String s && !s.isEmpty()) {
      try {
        return Base64.getDecoder().decode(s);
      } catch (IllegalArgumentException e) {
        // fall through
      }
    }
    throw new InvalidEvent(field, "must be base64");
  }

  private static <E> Set<String> wire(E[] values, java.util.function.Function<E, String> name) {
    return Arrays.stream(values).map(name).collect(Collectors.toUnmodifiableSet());
  }
}
