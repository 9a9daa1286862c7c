package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.util.Optional;

/** {@code ElderlyRecipientCertificateInfo} 高齢受給者証情報 (OQS-PROTOCOL.md §2.4); ratio in percent. */
public record ElderlyRecipientCertificate(
    Optional<LocalDate> certificateDate,
    Optional<LocalDate> validStartDate,
    Optional<LocalDate> validEndDate,
    Optional<Integer> contributionRatio) {}
