package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.SpecificDiseaseCategory;

/**
 * {@code SpecificDiseasesCertificateInfo} 特定疾病療養受療証情報 (OQS-PROTOCOL.md §2.4); selfPay is the
 * monthly limit in yen.
 */
public record SpecificDiseaseCertificate(
    Optional<Coded<SpecificDiseaseCategory>> diseaseCategory,
    Optional<LocalDate> certificateDate,
    Optional<LocalDate> validStartDate,
    Optional<LocalDate> validEndDate,
    Optional<Integer> selfPay) {}
