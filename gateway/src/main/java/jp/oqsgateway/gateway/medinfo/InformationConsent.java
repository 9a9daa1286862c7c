package jp.oqsgateway.gateway.medinfo;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.homevisit.ConsentScope;
import jp.oqsgateway.gateway.homevisit.ConsentScopes;
import jp.oqsgateway.gateway.homevisit.Eligibility;
import jp.oqsgateway.gateway.homevisit.InformationKind;
import jp.oqsgateway.gateway.homevisit.ReinquiryRules;
import jp.oqsgateway.gateway.homevisit.Relationship;

/**
 * Whether drug, clinical or health-check information may be asked for, on the patient's latest My
 * Number-based answer (OQS-PROTOCOL.md §4.4): its flag for the kind must be 1 and its 閲覧有効期限 in the
 * future; under a home-visit relationship (a re-inquiry answered on the first visit's consent) the
 * relationship must be active, its consent not withdrawn and the re-inquiry rule must still hold.
 * Never on a check by insurance numbers alone: that answer carries no such consent, and asking
 * would only repeat the confusion staff meet at the terminal.
 */
public final class InformationConsent {

  /** Why a request is refused before anything is sent, with the sentence staff read. */
  public enum Refusal {
    CONSENT_NOT_FROM_MY_NUMBER_CARD(
        "consent-not-from-my-number-card",
        "保険証の記号・番号による資格確認では、薬剤情報・診療情報・特定健診情報の閲覧同意は得られません（番号を控えて医療機関で照会しても情報は取得できません）。"
            + "マイナ保険証で資格確認し（訪問診療等では初回訪問時に居宅で）、患者の同意を得てください"),
    CONSENT_EXPIRED("consent-expired", "閲覧の同意の有効期限が切れています。改めてマイナ保険証で資格確認し、患者の同意を得てください"),
    CONSENT_WITHDRAWN("consent-withdrawn", Eligibility.Reason.CONSENT_WITHDRAWN.staffMessage()),
    NO_CONSENT_FOR_KIND("no-consent-for-kind", "患者はこの種類の情報の閲覧に同意していません");

    private final String wire;
    private final String message;

    Refusal(String wire, String message) {
      this.wire = wire;
      this.message = message;
    }

    public String wire() {
      return wire;
    }

    public String message() {
      return message;
    }

    /** The 409 the API answers, with the reason and the message as members. */
    public Rejection rejection(InformationKind kind) {
      return Rejection.conflict(
              "medical-information-not-consented",
              "No valid consent",
              "no valid consent to " + kind.wire() + " information: " + wire)
          .onField("kind")
          .with(Map.of("reason", wire, "message", message));
    }
  }

  /**
   * A request allowed: under which relationship (MedicalTreatmentFlag 2) or none (1), and the
   * numbers the request carries.
   */
  public record Allowed(Optional<UUID> relationshipId, ConsentScope.Numbers numbers) {}

  private InformationConsent() {}

  /** What an allowed request rests on: the latest answer's relationship and numbers. */
  static Allowed allowed(ConsentScopes.Stored latest) {
    return new Allowed(latest.relationshipId(), latest.scope().numbers().orElseThrow());
  }

  /** The refusal, or empty when the request is allowed. */
  static Optional<Refusal> check(
      Optional<ConsentScopes.Stored> latest,
      List<Relationship> relationships,
      InformationKind kind,
      ReinquiryRules rules,
      Instant now,
      LocalDate today) {
    if (latest.isEmpty() || latest.get().scope().numbers().isEmpty()) {
      return Optional.of(Refusal.CONSENT_NOT_FROM_MY_NUMBER_CARD);
    }
    ConsentScope scope = latest.get().scope();
    Optional<UUID> under = latest.get().relationshipId();
    Optional<Relationship> r =
        under.flatMap(id -> relationships.stream().filter(x -> x.id().equals(id)).findFirst());
    if (r.isPresent()) {
      if (r.get().consentWithdrawnBy(today) || r.get().endedBefore(today)) {
        return Optional.of(Refusal.CONSENT_WITHDRAWN);
      }
      if (!rules.on(r.get(), today).eligible()) {
        return Optional.of(Refusal.CONSENT_EXPIRED);
      }
    } else if (withdrawnSince(relationships, scope, today)) {
      return Optional.of(Refusal.CONSENT_WITHDRAWN);
    }
    Optional<ConsentScope.Kind> consent = scope.of(kind);
    if (consent.isEmpty() || !consent.get().flag().equals("1")) {
      return consent.filter(c -> c.flag().equals("2")).isPresent()
          ? Optional.of(Refusal.CONSENT_EXPIRED)
          : Optional.of(Refusal.NO_CONSENT_FOR_KIND);
    }
    Optional<Instant> until = consent.get().availableUntil();
    boolean expired =
        until.map(u -> !u.isAfter(now)).orElse(r.isEmpty()); // no expiry: only a relationship
    return expired ? Optional.of(Refusal.CONSENT_EXPIRED) : Optional.empty();
  }

  /** A withdrawal recorded on or after the day of a card reading not made under a relationship. */
  private static boolean withdrawnSince(
      List<Relationship> relationships, ConsentScope scope, LocalDate today) {
    LocalDate answered = scope.answeredAt().atZone(java.time.ZoneId.of("Asia/Tokyo")).toLocalDate();
    return relationships.stream()
        .flatMap(x -> x.consentWithdrawal().stream())
        .anyMatch(w -> !w.on().isAfter(today) && !w.on().isBefore(answered));
  }
}
