package jp.oqsgateway.gateway.medinfo;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import jp.oqsgateway.gateway.homevisit.CareForm;
import jp.oqsgateway.gateway.homevisit.ConsentScope;
import jp.oqsgateway.gateway.homevisit.ConsentScopes;
import jp.oqsgateway.gateway.homevisit.ConsentWithdrawal;
import jp.oqsgateway.gateway.homevisit.InformationKind;
import jp.oqsgateway.gateway.homevisit.ReinquiryRules;
import jp.oqsgateway.gateway.homevisit.Relationship;
import jp.oqsgateway.gateway.medinfo.InformationConsent.Refusal;
import org.junit.jupiter.api.Test;

/**
 * Which kind of information may be asked for on which answer: each kind by its own flag and 閲覧有効期限,
 * a re-inquiry's consent only under an active relationship whose consent stands.
 */
class InformationConsentTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 3, 10);
  private static final Instant NOW = Instant.parse("2026-03-10T01:00:00Z"); // 10:00 in Japan
  private static final UUID REL = UUID.randomUUID();

  /** A result as the API shows it: a code per flag, local Japanese times. */
  private static JsonObject result(String drug, String drugUntil, String checkup) {
    JsonObject r =
        new JsonObject()
            .put("insurerNumber", "06139984")
            .put("insuredIdentificationNumber", "1234")
            .put("pharmacistsInfoConsFlg", new JsonObject().put("code", drug))
            .put("specificHealthCheckupsInfoConsFlg", new JsonObject().put("code", checkup));
    if (drugUntil != null) {
      r.put("pharmacistsInfoAvailableTime", drugUntil);
    }
    return r;
  }

  private static Optional<ConsentScopes.Stored> card(JsonObject result) {
    return Optional.of(
        new ConsentScopes.Stored(
            ConsentScope.fromResult(result, ConsentScope.Basis.CARD, NOW.minusSeconds(600)),
            Optional.empty()));
  }

  private static Optional<ConsentScopes.Stored> reinquiry(JsonObject result) {
    return Optional.of(
        new ConsentScopes.Stored(
            ConsentScope.fromResult(result, ConsentScope.Basis.REINQUIRY, NOW), Optional.of(REL)));
  }

  private static Relationship relationship(Optional<ConsentWithdrawal> withdrawal) {
    return new Relationship(
        REL,
        "P-1",
        CareForm.MEDICAL,
        LocalDate.of(2026, 2, 15),
        Instant.parse("2026-02-15T00:00:00Z"),
        "test",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        new TreeSet<>(),
        withdrawal);
  }

  private static Optional<Refusal> check(
      Optional<ConsentScopes.Stored> latest, List<Relationship> rs, InformationKind kind) {
    return InformationConsent.check(latest, rs, kind, ReinquiryRules.DEFAULTS, NOW, TODAY);
  }

  @Test
  void withoutAMyNumberBasedAnswerNothingIsAskedFor() {
    assertThat(check(Optional.empty(), List.of(), InformationKind.DRUG))
        .contains(Refusal.CONSENT_NOT_FROM_MY_NUMBER_CARD);
  }

  @Test
  void aKindWithFlagTwoIsRefusedWhileAKindWithFlagOneIsAllowed() {
    Optional<ConsentScopes.Stored> latest = card(result("1", "2026-03-11T10:00:00", "2"));
    assertThat(check(latest, List.of(), InformationKind.DRUG)).isEmpty();
    assertThat(check(latest, List.of(), InformationKind.HEALTH_CHECK))
        .contains(Refusal.CONSENT_EXPIRED);
    assertThat(check(latest, List.of(), InformationKind.CLINICAL))
        .contains(Refusal.NO_CONSENT_FOR_KIND);
  }

  @Test
  void aCardReadingsConsentEndsAtItsAvailableTime() {
    assertThat(
            check(card(result("1", "2026-03-10T09:59:59", "0")), List.of(), InformationKind.DRUG))
        .contains(Refusal.CONSENT_EXPIRED);
    assertThat(check(card(result("1", null, "0")), List.of(), InformationKind.DRUG))
        .as("no 閲覧有効期限 on a card reading")
        .contains(Refusal.CONSENT_EXPIRED);
  }

  @Test
  void aReinquirysConsentHoldsOnlyWhileTheRelationshipsConsentStands() {
    Optional<ConsentScopes.Stored> latest = reinquiry(result("1", "2026-05-31T23:59:59", "0"));
    assertThat(check(latest, List.of(relationship(Optional.empty())), InformationKind.DRUG))
        .isEmpty();
    Relationship withdrawn =
        relationship(
            Optional.of(
                new ConsentWithdrawal(TODAY, ConsentWithdrawal.By.PATIENT, Optional.of("2"))));
    assertThat(check(latest, List.of(withdrawn), InformationKind.DRUG))
        .contains(Refusal.CONSENT_WITHDRAWN);
    Relationship tomorrow =
        relationship(
            Optional.of(
                new ConsentWithdrawal(
                    TODAY.plusDays(1), ConsentWithdrawal.By.INSTITUTION, Optional.empty())));
    assertThat(check(latest, List.of(tomorrow), InformationKind.DRUG)).as("not yet").isEmpty();
  }

  @Test
  void aWithdrawalAfterACardReadingStopsItToo() {
    Relationship withdrawn =
        relationship(
            Optional.of(
                new ConsentWithdrawal(TODAY, ConsentWithdrawal.By.PATIENT, Optional.empty())));
    assertThat(
            check(
                card(result("1", "2026-03-11T10:00:00", "0")),
                List.of(withdrawn),
                InformationKind.DRUG))
        .contains(Refusal.CONSENT_WITHDRAWN);
  }

  @Test
  void theFirstResultOfAnAnswerIsWhereTheConsentIs() {
    JsonObject answer =
        new JsonObject().put("results", new JsonArray().add(result("1", null, "0")));
    assertThat(ConsentScope.firstResult(answer)).isPresent();
    assertThat(ConsentScope.firstResult(new JsonObject())).isEmpty();
  }
}
