package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

/**
 * Whether a re-inquiry may be sent for a relationship on a day, and why (the gateway's reading of
 * the rules; OQS's own answer stays authoritative).
 *
 * @param windowEnd the last day of the current window (first visit + the configured months)
 * @param missingClaim the first month whose claim is needed and not recorded, for {@code
 *     claims-missing}
 */
public record Eligibility(
    boolean eligible, Reason reason, LocalDate windowEnd, Optional<YearMonth> missingClaim) {

  /** Why, with the sentence staff read. */
  public enum Reason {
    WITHIN_WINDOW("within-window", "初回訪問から再照会の期間内です"),
    CONTINUING("continuing", "毎月の請求により継続的な関係が確認できます"),
    BEFORE_FIRST_VISIT("before-first-visit", "初回訪問（居宅同意取得型の資格確認）の前です"),
    ENDED("ended", "継続的な訪問診療等は終了しています"),
    REFUSED_BY_OQS("refused-by-oqs", "オンライン資格確認システムが再照会を受け付けませんでした。次回は居宅で改めてマイナ保険証による確認が必要です"),
    CLAIMS_MISSING("claims-missing", "初回訪問からの期間を過ぎ、請求が記録されていない月があります（継続的な関係を確認できません）"),
    CONSENT_WITHDRAWN(
        "consent-withdrawn",
        "患者の同意が取り消されています（同意取消）。再照会も薬剤情報等の取得もできません。続けるには居宅で改めてマイナ保険証による確認が必要です"),
    ONLINE_CARE("online-care", "オンライン診療等は再照会の対象外です。診療の都度、資格確認を行ってください");

    private final String wire;
    private final String staffMessage;

    Reason(String wire, String staffMessage) {
      this.wire = wire;
      this.staffMessage = staffMessage;
    }

    /** The bounded name in the API and in metric labels. */
    public String wire() {
      return wire;
    }

    public String staffMessage() {
      return staffMessage;
    }
  }

  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("eligible", eligible)
            .put("reason", reason.wire())
            .put("message", reason.staffMessage())
            .put("windowEnd", windowEnd.toString());
    missingClaim.ifPresent(m -> json.put("missingClaimMonth", m.toString()));
    return json;
  }
}
