package jp.oqsgateway.gateway.oqs.simulator;

/**
 * Where the consent was captured: 訪問診療等 or オンライン診療等, i.e. which bulk retrieval returns it (OQSmuhvq
 * / OQSmuonq) and its MedicalTreatmentFlag (OQSCD028 2 / 3), OQS-PROTOCOL.md §2.6, §4.5.
 */
public enum CareMode {
  HOME_VISIT("2", "OQSmuhvq"),
  ONLINE("3", "OQSmuonq");

  private final String medicalTreatmentFlag;
  private final String bulkPrefix;

  CareMode(String medicalTreatmentFlag, String bulkPrefix) {
    this.medicalTreatmentFlag = medicalTreatmentFlag;
    this.bulkPrefix = bulkPrefix;
  }

  public String medicalTreatmentFlag() {
    return medicalTreatmentFlag;
  }

  public String bulkPrefix() {
    return bulkPrefix;
  }

  static CareMode ofFlag(String flag) {
    for (CareMode m : values()) {
      if (m.medicalTreatmentFlag.equals(flag)) {
        return m;
      }
    }
    return null;
  }
}
