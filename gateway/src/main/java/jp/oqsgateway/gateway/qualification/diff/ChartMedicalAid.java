package jp.oqsgateway.gateway.qualification.diff;

import java.util.Objects;

/**
 * 医療扶助 (生活保護) as the chart holds it: OQS returns these numbers in the insurer-number and number
 * slots of a result with InsuredCardClassification A1 (OQS-PROTOCOL.md §2.4, §4.1).
 *
 * @param payerNumber 公費負担者番号 (8 digits, 法別 12)
 * @param recipientNumber 受給者番号
 */
public record ChartMedicalAid(String payerNumber, String recipientNumber) {
  public ChartMedicalAid {
    Objects.requireNonNull(payerNumber, "payerNumber");
    Objects.requireNonNull(recipientNumber, "recipientNumber");
  }
}
