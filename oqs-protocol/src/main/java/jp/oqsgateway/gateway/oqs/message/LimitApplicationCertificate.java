package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateCategory;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateClassification;

/** {@code LimitApplicationCertificateRelatedInfo} 限度額適用認定証関連情報 (OQS-PROTOCOL.md §2.4). */
public record LimitApplicationCertificate(
    Optional<Coded<LimitCertificateClassification>> classification,
    Optional<Coded<LimitCertificateCategory>> classificationFlag,
    Optional<LocalDate> certificateDate,
    Optional<LocalDate> validStartDate,
    Optional<LocalDate> validEndDate,
    Optional<LocalDate> longTermDate) {}
