package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a patient consented to, as one My Number-based answer of OQS reported it (OQS-PROTOCOL.md
 * §2.4, §4.4): per information kind its OQSCD016 flag ({@code 0} none, {@code 1} given, {@code 2}
 * expired) and 閲覧有効期限, and the 限度額 and 特定疾病 flags. A check by insurance numbers alone never carries
 * one: its answer has no consent but the 限度額 flag the clinic sent.
 *
 * @param kinds the kinds the answer carried a flag for (a kind absent: no consent reported)
 * @param numbers the qualification's numbers, when the answer named them
 */
public record ConsentScope(
    Basis basis,
    Instant answeredAt,
    Map<InformationKind, Kind> kinds,
    Optional<String> limitFlag,
    Optional<String> specificDiseaseFlag,
    Optional<Numbers> numbers) {

  /** The qualification's numbers the answer named: what an information request must carry. */
  public record Numbers(
      String insurerNumber, Optional<String> symbol, String number, Optional<String> branch) {}

  /** OQS reports times in Japan's time (no offset in the file). */
  private static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

  /** What the consent rests on. */
  public enum Basis {
    /** A My Number card or face reading (ReferenceClassification 1). */
    CARD("card"),
    /** A home-visit re-inquiry answered on the first visit's card-based consent. */
    REINQUIRY("reinquiry"),
    /** A consented patient imported from the bulk retrieval (OQSmuhvq, OQSmuonq). */
    IMPORT("import");

    private final String wire;

    Basis(String wire) {
      this.wire = wire;
    }

    public String wire() {
      return wire;
    }

    static Basis fromWire(String wire) {
      for (Basis b : values()) {
        if (b.wire.equals(wire)) {
          return b;
        }
      }
      throw new IllegalArgumentException("basis " + wire);
    }
  }

  /** One kind's consent: its OQSCD016 flag and 閲覧有効期限 when OQS gave one. */
  public record Kind(String flag, Optional<Instant> availableUntil) {
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("flag", flag);
      availableUntil.ifPresent(t -> json.put("availableUntil", t.toString()));
      return json;
    }
  }

  public ConsentScope {
    kinds = Map.copyOf(kinds);
  }

  public Optional<Kind> of(InformationKind kind) {
    return Optional.ofNullable(kinds.get(kind));
  }

  /**
   * The scope one {@code ResultOfQualificationConfirmation} reports, in the API's shape (elements
   * in lowerCamelCase, codes as {@code {code, label}}, times as ISO local date-times): what a card
   * reading, a re-inquiry answer or an imported bulk unit carries.
   */
  public static ConsentScope fromResult(JsonObject result, Basis basis, Instant answeredAt) {
    Map<InformationKind, Kind> kinds = new EnumMap<>(InformationKind.class);
    for (InformationKind k : InformationKind.values()) {
      code(result, k.element() + "ConsFlg")
          .ifPresent(f -> kinds.put(k, new Kind(f, time(result, k.element() + "AvailableTime"))));
    }
    return new ConsentScope(
        basis,
        answeredAt,
        kinds,
        code(result, "limitApplicationCertificateRelatedConsFlg"),
        code(result, "specificDiseasesCertificateRelatedConsFlg"),
        numbers(result));
  }

  private static Optional<Numbers> numbers(JsonObject result) {
    Optional<String> insurer = code(result, "insurerNumber");
    Optional<String> number = code(result, "insuredIdentificationNumber");
    if (insurer.isEmpty() || number.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Numbers(
            insurer.get(),
            code(result, "insuredCardSymbol"),
            number.get(),
            code(result, "insuredBranchNumber")));
  }

  /** The first result of a check's answer ({@code results[0]}), if it has one. */
  public static Optional<JsonObject> firstResult(JsonObject answer) {
    JsonArray results = answer.getJsonArray("results", new JsonArray());
    return results.isEmpty() || !(results.getValue(0) instanceof JsonObject o)
        ? Optional.empty()
        : Optional.of(o);
  }

  /** A coded value: {@code {code, label}} as the API shows it, or plain text. */
  static Optional<String> code(JsonObject json, String key) {
    Object v = json.getValue(key);
    if (v instanceof JsonObject o) {
      return Optional.ofNullable(o.getString("code"));
    }
    return v == null ? Optional.empty() : Optional.of(v.toString());
  }

  private static Optional<Instant> time(JsonObject json, String key) {
    String text = json.getString(key);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDateTime.parse(text).atZone(JAPAN).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  public JsonObject toJson() {
    JsonObject kindsJson = new JsonObject();
    for (InformationKind k : InformationKind.values()) {
      of(k).ifPresent(c -> kindsJson.put(k.wire(), c.toJson()));
    }
    JsonObject json =
        new JsonObject()
            .put("basis", basis.wire())
            .put("answeredAt", answeredAt.toString())
            .put("kinds", kindsJson);
    limitFlag.ifPresent(f -> json.put("limitApplication", f));
    specificDiseaseFlag.ifPresent(f -> json.put("specificDisease", f));
    return json;
  }
}
