package jp.oqsgateway.gateway.agents;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One event an agent reported, its body checked field by field ({@link #parse}). {@code body} is
 * the body as sent, for the type-specific fields.
 */
public record AgentEvent(
    String address,
    UUID eventId,
    String agentId,
    String readerId,
    String deskId,
    Instant occurredAt,
    JsonObject body) {

  /** A body that breaks the protocol: the field and the rule, answered 400. */
  public static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Invalid(String field, String rule) {
      super(field + ": " + rule);
    }
  }

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._@:-]{1,128}");
  private static final Pattern DESK = Pattern.compile("[A-Za-z0-9._-]{1,40}");
  private static final Pattern READER = Pattern.compile("[^\\p{Cntrl}]{1,100}");
  private static final Pattern HEX = Pattern.compile("([0-9A-Fa-f]{2}){1,64}");
  static final int MAX_CERTIFICATE_BYTES = 8 * 1024;

  static final Set<String> CARD_TYPES = Set.of("mynumber", "other");
  static final Set<String> READER_STATES = Set.of("ready", "absent", "unavailable");
  static final Set<String> ERROR_KINDS =
      Set.of(
          "WRONG_PIN", "PIN_LOCKED", "CARD_EXPIRED", "UNREADABLE", "NOT_MYNUMBER", "PIN_CANCELLED");

  /** Checks the common fields and those of {@code address}. */
  public static AgentEvent parse(String address, Object rawBody) {
    if (!(rawBody instanceof JsonObject body)) {
      throw new Invalid("body", "must be a JSON object");
    }
    AgentEvent e =
        new AgentEvent(
            address,
            uuid(body, "eventId"),
            text(body, "agentId", ID, "1-128 letters, digits or . _ @ : -"),
            text(body, "readerId", READER, "1-100 characters without control characters"),
            text(body, "deskId", DESK, "1-40 letters, digits, '.', '_' or '-'"),
            instant(body, "occurredAt"),
            body);
    switch (address) {
      case AgentAddresses.CARD_INSERTED -> {
        String type = oneOf(body, "cardType", CARD_TYPES);
        if (type.equals("mynumber")) {
          byte[] der = base64(body, "certificate");
          if (der.length > MAX_CERTIFICATE_BYTES) {
            throw new Invalid("certificate", "must be at most " + MAX_CERTIFICATE_BYTES + " bytes");
          }
        }
        if (body.getValue("atr") != null) {
          text(body, "atr", HEX, "hex bytes");
        }
      }
      case AgentAddresses.READER_STATUS -> {
        oneOf(body, "state", READER_STATES);
        if (body.getValue("detail") != null
            && !(body.getValue("detail") instanceof String d && d.length() <= 200)) {
          throw new Invalid("detail", "must be a string of at most 200 characters");
        }
      }
      case AgentAddresses.CARD_ERROR -> {
        oneOf(body, "kind", ERROR_KINDS);
        Object tries = body.getValue("pinTriesLeft");
        if (tries != null
            && !(tries instanceof Integer || tries instanceof Long)
            && !(tries instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()))) {
          throw new Invalid("pinTriesLeft", "must be a whole number");
        }
        if (tries instanceof Number n && (n.longValue() < 0 || n.longValue() > 15)) {
          throw new Invalid("pinTriesLeft", "must be between 0 and 15");
        }
        if (body.getValue("cardEventId") != null) {
          uuid(body, "cardEventId");
        }
      }
      case AgentAddresses.CARD_PROOF -> {
        uuid(body, "cardEventId");
        uuid(body, "challengeId");
        byte[] signature = base64(body, "signature");
        if (signature.length > 1024) {
          throw new Invalid("signature", "must be at most 1024 bytes");
        }
      }
      default -> {
        // reader.card.removed: the common fields only
      }
    }
    return e;
  }

  public String string(String field) {
    return body.getString(field);
  }

  public Optional<UUID> optionalUuid(String field) {
    return Optional.ofNullable(body.getString(field)).map(UUID::fromString);
  }

  public byte[] bytes(String field) {
    return Base64.getDecoder().decode(body.getString(field));
  }

  private static Object required(JsonObject body, String field) {
    Object v = body.getValue(field);
    if (v == null) {
      throw new Invalid(field, "is required");
    }
    return v;
  }

  private static String text(JsonObject body, String field, Pattern rule, String ruleText) {
    if (!(required(body, field) instanceof String s) || !rule.matcher(s).matches()) {
      throw new Invalid(field, "must be " + ruleText);
    }
    return s;
  }

  private static String oneOf(JsonObject body, String field, Set<String> values) {
    if (!(required(body, field) instanceof String s) || !values.contains(s)) {
      throw new Invalid(
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
    throw new Invalid(field, "must be a UUID");
  }

  private static Instant instant(JsonObject body, String field) {
    if (required(body, field) instanceof String s) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        // fall through
      }
    }
    throw new Invalid(field, "must be an RFC 3339 instant with offset");
  }

  private static byte[] base64(JsonObject body, String field) {
    if (required(body, field) instanceof String s && !s.isEmpty()) {
      try {
        return Base64.getDecoder().decode(s);
      } catch (IllegalArgumentException e) {
        // fall through
      }
    }
    throw new Invalid(field, "must be base64");
  }
}
