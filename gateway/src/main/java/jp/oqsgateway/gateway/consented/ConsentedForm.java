package jp.oqsgateway.gateway.consented;

import java.util.Optional;
import jp.oqsgateway.gateway.oqs.bulk.BulkFamily;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentFlag;
import jp.oqsgateway.gateway.oqs.message.BulkResult;

/**
 * The care forms whose consented qualifications OQS hands out in bulk (docs/OQS-PROTOCOL.md §2.6),
 * each with its file family and the 診療区分 (OQSCD028) its request carries.
 */
public enum ConsentedForm {
  /** 訪問診療等: {@code OQSmuhvq}, by consent date, MedicalTreatmentFlag 2. */
  HOME_VISIT(BulkFamily.MUHVQ, MedicalTreatmentFlag.HOME_VISIT),
  /** オンライン診療等: {@code OQSmuonq}, by consent or examination date, MedicalTreatmentFlag 3. */
  ONLINE(BulkFamily.MUONQ, MedicalTreatmentFlag.ONLINE),
  /** 医療扶助 (医療券・調剤券): {@code OQSmutic}, by MedicalTreatmentMonth, no flag. */
  MEDICAL_AID(BulkFamily.MUTIC, null);

  private final BulkFamily<BulkResult> family;
  private final MedicalTreatmentFlag flag;

  ConsentedForm(BulkFamily<BulkResult> family, MedicalTreatmentFlag flag) {
    this.family = family;
    this.flag = flag;
  }

  public BulkFamily<BulkResult> family() {
    return family;
  }

  /** The MedicalTreatmentFlag its request carries (none for 医療扶助). */
  public Optional<MedicalTreatmentFlag> flag() {
    return Optional.ofNullable(flag);
  }
}
