package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentFlag;

/**
 * Check one person by insurance-card numbers: {@code OQSsiquc01req} (OQS-PROTOCOL.md §2.2), and the
 * home-visit re-inquiry (再照会, 居宅同意取得型, §2.7, §4.5) in either of its two file forms.
 *
 * <p>The re-inquiry's layout is <b>unconfirmed</b> (OQS-PROTOCOL.md §2.7, §6 item 3: only the
 * prefix {@code OQSsihvq} is known). This model reconstructs it as the §2.2 single check with
 * {@code MedicalTreatmentFlag} (OQSCD028, {@code 2} 訪問診療等) as the last child of {@code
 * QualificationConfirmSearchInfo}, where the confirmed bulk request {@code OQSmuhvq01req} (§2.6)
 * carries it; the MHLW notice of 2024-03-21 names exactly these inputs for 個別再照会 (診療区分, 保険者番号,
 * 被保険者証番号・枝番, 生年月日, 資格確認日). It is written either as {@code OQSsihvq01req_*.xml} ({@link
 * MessageKind#OQS_SIHVQ01_REQ}) or as {@code OQSsiquc01req_*.xml} with the flag ({@link
 * MessageKind#OQS_SIQUC01_REQ}); both are answered like a single check.
 *
 * @param kind which file this is: {@link MessageKind#OQS_SIQUC01_REQ} or {@link
 *     MessageKind#OQS_SIHVQ01_REQ}
 * @param medicalTreatmentFlag 診療区分 in the search block; empty for an ordinary (outpatient) check
 */
public record SingleCheckRequest(
    MessageKind kind,
    LocalDate qualificationConfirmationDate,
    String medicalInstitutionCode,
    Optional<String> arbitraryFileIdentifier,
    QualificationSearch search,
    Optional<Coded<MedicalTreatmentFlag>> medicalTreatmentFlag,
    List<UnknownElement> unknownElements)
    implements OqsMessage {

  public SingleCheckRequest {
    OqsMessage.requireKind(kind, MessageKind.OQS_SIQUC01_REQ, MessageKind.OQS_SIHVQ01_REQ);
    Objects.requireNonNull(medicalTreatmentFlag, "medicalTreatmentFlag");
    unknownElements = List.copyOf(unknownElements);
  }

  /** An ordinary {@code OQSsiquc01req} check (outpatient: no MedicalTreatmentFlag). */
  public SingleCheckRequest(
      LocalDate qualificationConfirmationDate,
      String medicalInstitutionCode,
      Optional<String> arbitraryFileIdentifier,
      QualificationSearch search,
      List<UnknownElement> unknownElements) {
    this(
        MessageKind.OQS_SIQUC01_REQ,
        qualificationConfirmationDate,
        medicalInstitutionCode,
        arbitraryFileIdentifier,
        search,
        Optional.empty(),
        unknownElements);
  }

  /** An ordinary {@code OQSsiquc01req} check (outpatient: no MedicalTreatmentFlag). */
  public SingleCheckRequest(
      LocalDate qualificationConfirmationDate,
      String medicalInstitutionCode,
      Optional<String> arbitraryFileIdentifier,
      QualificationSearch search) {
    this(
        qualificationConfirmationDate,
        medicalInstitutionCode,
        arbitraryFileIdentifier,
        search,
        List.of());
  }

  /**
   * A home-visit re-inquiry (MedicalTreatmentFlag {@code 2} 訪問診療等) written as {@code fileKind}:
   * {@link MessageKind#OQS_SIHVQ01_REQ} or {@link MessageKind#OQS_SIQUC01_REQ}. Which form the
   * terminal accepts is unconfirmed (see the class comment).
   *
   * @throws IllegalArgumentException for any other file kind
   */
  public static SingleCheckRequest reinquiry(
      LocalDate date,
      String institutionCode,
      Optional<String> arbitraryFileIdentifier,
      QualificationSearch search,
      MessageKind fileKind) {
    return new SingleCheckRequest(
        fileKind,
        date,
        institutionCode,
        arbitraryFileIdentifier,
        search,
        Optional.of(Coded.of(MedicalTreatmentFlag.HOME_VISIT)),
        List.of());
  }

  /** True when the search carries MedicalTreatmentFlag {@code 2} (訪問診療等): a re-inquiry. */
  public boolean isHomeVisitReinquiry() {
    return medicalTreatmentFlag.map(f -> f.is(MedicalTreatmentFlag.HOME_VISIT)).orElse(false);
  }
}
