package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One alert for one patient before a visit: everything that matters, item by item. It names the
 * patient by the chart's id only: no qualification value (numbers, ratios, dates of loss) leaves in
 * it, so it may travel as an outbox event ({@code homevisit.alert}, kind {@code visit-alert}).
 *
 * @param day the day of the visit the re-inquiry was made for
 * @param relationshipId the relationship the visit is judged by, when there is one
 */
public record VisitAlert(
    String chartPatientId, LocalDate day, Optional<UUID> relationshipId, List<Item> items) {

  public VisitAlert {
    items = List.copyOf(items);
  }

  /** What matters, machine-readable, and its text for staff. */
  public enum Kind {
    QUALIFICATION_LOST(
        "qualification-lost",
        "資格を喪失しているか、有効な資格が確認できません。この保険では請求できません。",
        "The qualification is lost or no valid one was found: do not claim with this insurance."),
    INSURER_CHANGED(
        "insurer-changed",
        "保険者が変わりました。新しい保険を登録してください。",
        "The insurer has changed: register the new insurance."),
    COPAY_CHANGED("copay-changed", "負担割合が変わりました。", "The copay ratio has changed."),
    LIMIT_CATEGORY_CHANGED(
        "limit-category-changed",
        "限度額適用区分が変わりました。",
        "The 限度額 (high-cost limit) category has changed."),
    CONSENT_WITHDRAWN(
        "consent-withdrawn",
        "情報提供の同意がなくなりました。この種類の情報は取得できません。",
        "The consent to share this kind of information has ended: it can no longer be retrieved."),
    CONSENT_EXPIRING(
        "consent-expiring",
        "情報提供の同意の有効期限が近づいています。",
        "The consent to share this kind of information expires soon."),
    WINDOW_ENDING(
        "window-ending",
        "再照会できる期間がまもなく終わります。継続には毎月の請求の記録が必要です。",
        "The re-inquiry window closes soon; continuing needs a recorded claim for every month."),
    CLAIMS_MISSING(
        "claims-missing",
        "請求が記録されていない月があります。記録されないと再照会できなくなります。",
        "A month has no recorded claim; without it the re-inquiry stops.");

    private final String wire;
    private final String ja;
    private final String en;

    Kind(String wire, String ja, String en) {
      this.wire = wire;
      this.ja = ja;
      this.en = en;
    }

    public String wire() {
      return wire;
    }

    /** The kind a wire name names, if any. */
    public static Optional<Kind> ofWire(String wire) {
      for (Kind k : values()) {
        if (k.wire.equals(wire)) {
          return Optional.of(k);
        }
      }
      return Optional.empty();
    }

    public String ja() {
      return ja;
    }

    public String en() {
      return en;
    }
  }

  /**
   * One thing that matters.
   *
   * @param facts bounded details that are not patient data: the consent's kind ({@code consent}),
   *     the month without a claim ({@code missingClaimMonth}), the window's last day ({@code
   *     windowEnd}), the rule's reason after it ({@code reasonAfter})
   */
  public record Item(Kind kind, String ja, String en, Map<String, String> facts) {
    public Item {
      facts = new TreeMap<>(facts);
    }

    static Item of(Kind kind) {
      return new Item(kind, kind.ja(), kind.en(), Map.of());
    }

    static Item of(Kind kind, Map<String, String> facts) {
      return new Item(kind, kind.ja(), kind.en(), facts);
    }

    public JsonObject toJson() {
      JsonObject json =
          new JsonObject().put("kind", kind.wire()).put("message", ja).put("messageEn", en);
      facts.forEach(json::put);
      return json;
    }
  }

  /** The payload of the {@code homevisit.alert} event. */
  public JsonObject toEvent() {
    JsonObject json =
        new JsonObject()
            .put("kind", "visit-alert")
            .put("chartPatientId", chartPatientId)
            .put("date", day.toString())
            .put("items", new JsonArray(items.stream().map(Item::toJson).toList()));
    relationshipId.ifPresent(id -> json.put("relationshipId", id.toString()));
    return json;
  }
}
