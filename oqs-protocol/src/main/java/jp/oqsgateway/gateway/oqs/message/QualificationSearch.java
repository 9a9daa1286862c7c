package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.LimitConsentFlag;

/**
 * {@code QualificationConfirmSearchInfo} of a card-number check (OQS-PROTOCOL.md §2.2), also echoed
 * in results and repeated in bulk requests (§2.5). ArbitraryIdentifier is confirmed for bulk and
 * accepted in single requests [I].
 */
public record QualificationSearch(
    InsurerNumber insurerNumber,
    Optional<String> insuredCardSymbol,
    String insuredIdentificationNumber,
    Optional<String> insuredBranchNumber,
    LocalDate birthdate,
    Coded<LimitConsentFlag> limitApplicationCertificateRelatedConsFlg,
    Optional<String> arbitraryIdentifier) {

  public QualificationSearch {
    Objects.requireNonNull(insurerNumber, "insurerNumber");
    Objects.requireNonNull(insuredIdentificationNumber, "insuredIdentificationNumber");
    Objects.requireNonNull(birthdate, "birthdate");
    Objects.requireNonNull(limitApplicationCertificateRelatedConsFlg, "consent flag");
  }
}
