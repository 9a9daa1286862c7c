package jp.oqsgateway.gateway.qualification;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.LimitConsentFlag;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.oqs.message.QualificationSearch;

/**
 * A check by insurance-card numbers as a chart system asks for it. The 限度額 consent is what the
 * patient said: it is required and never defaulted to consent.
 *
 * @param homeVisitRelationshipId present for a home-visit re-inquiry (再照会, 診療区分 訪問診療等) made under
 *     that relationship; empty for the individual (outpatient) check
 */
public record CheckRequest(
    InsurerNumber insurerNumber,
    Optional<String> insuredCardSymbol,
    String insuredIdentificationNumber,
    Optional<String> insuredBranchNumber,
    LocalDate birthdate,
    LocalDate confirmationDate,
    boolean limitApplicationConsent,
    Optional<String> chartPatientId,
    Optional<UUID> homeVisitRelationshipId) {

  /** The individual (outpatient) check. */
  public CheckRequest(
      InsurerNumber insurerNumber,
      Optional<String> insuredCardSymbol,
      String insuredIdentificationNumber,
      Optional<String> insuredBranchNumber,
      LocalDate birthdate,
      LocalDate confirmationDate,
      boolean limitApplicationConsent,
      Optional<String> chartPatientId) {
    this(
        insurerNumber,
        insuredCardSymbol,
        insuredIdentificationNumber,
        insuredBranchNumber,
        birthdate,
        confirmationDate,
        limitApplicationConsent,
        chartPatientId,
        Optional.empty());
  }

  /** Whether this is a home-visit re-inquiry. */
  public boolean reinquiry() {
    return homeVisitRelationshipId.isPresent();
  }

  /** The same numbers as a re-inquiry under the relationship. */
  public CheckRequest asReinquiry(UUID relationshipId) {
    return underRelationship(Optional.of(relationshipId));
  }

  /** The same numbers as the individual (outpatient) check. */
  public CheckRequest asIndividualCheck() {
    return underRelationship(Optional.empty());
  }

  private CheckRequest underRelationship(Optional<UUID> relationshipId) {
    return new CheckRequest(
        insurerNumber,
        insuredCardSymbol,
        insuredIdentificationNumber,
        insuredBranchNumber,
        birthdate,
        confirmationDate,
        limitApplicationConsent,
        chartPatientId,
        relationshipId);
  }

  /** The request's search block as OQS wants it. */
  public QualificationSearch toSearch() {
    LimitConsentFlag flag =
        limitApplicationConsent ? LimitConsentFlag.CONSENTED : LimitConsentFlag.NOT_CONSENTED;
    return new QualificationSearch(
        insurerNumber,
        insuredCardSymbol,
        insuredIdentificationNumber,
        insuredBranchNumber,
        birthdate,
        Coded.of(flag),
        chartPatientId);
  }

  /** The request again from its stored form ({@link #toJson()}), to re-run a queued check. */
  public static CheckRequest fromJson(JsonObject json) {
    return new CheckRequest(
        InsurerNumber.parse(json.getString("insurerNumber"))
            .orElseThrow(() -> new IllegalArgumentException("stored insurerNumber unreadable")),
        Optional.ofNullable(json.getString("insuredCardSymbol")),
        json.getString("insuredIdentificationNumber"),
        Optional.ofNullable(json.getString("insuredBranchNumber")),
        LocalDate.parse(json.getString("birthdate")),
        LocalDate.parse(json.getString("confirmationDate")),
        json.getBoolean("limitApplicationConsent", false),
        Optional.ofNullable(json.getString("chartPatientId")),
        Optional.ofNullable(json.getString("homeVisitRelationshipId")).map(UUID::fromString));
  }

  /** The stored form, also what the API echoes back. */
  public JsonObject toJson() {
    JsonObject json =
        new JsonObject()
            .put("insurerNumber", insurerNumber.digits())
            .put("insuredIdentificationNumber", insuredIdentificationNumber)
            .put("birthdate", birthdate.toString())
            .put("confirmationDate", confirmationDate.toString())
            .put("limitApplicationConsent", limitApplicationConsent);
    insuredCardSymbol.ifPresent(s -> json.put("insuredCardSymbol", s));
    insuredBranchNumber.ifPresent(s -> json.put("insuredBranchNumber", s));
    chartPatientId.ifPresent(s -> json.put("chartPatientId", s));
    homeVisitRelationshipId.ifPresent(
        id -> json.put("treatment", "home-visit").put("homeVisitRelationshipId", id.toString()));
    return json;
  }
}
