package jp.oqsgateway.gateway.oqs.message;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code ReferenceNumberRegistrationInfo} (OQS-PROTOCOL.md §2.8): 照会番号 (≤50) for a person
 * identified by card numbers. The branch number is needed except for 後期高齢; registration of
 * 医療扶助-only persons has an unknown format [U].
 */
public record ReferenceNumberRegistration(
    String referenceNumber,
    InsurerNumber insurerNumber,
    Optional<String> insuredCardSymbol,
    String insuredIdentificationNumber,
    Optional<String> insuredBranchNumber) {

  public ReferenceNumberRegistration {
    Objects.requireNonNull(referenceNumber, "referenceNumber");
    Objects.requireNonNull(insurerNumber, "insurerNumber");
    Objects.requireNonNull(insuredIdentificationNumber, "insuredIdentificationNumber");
  }
}
