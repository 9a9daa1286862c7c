package jp.oqsgateway.gateway.oqs.simulator;

import java.time.LocalDate;
import java.util.List;

/**
 * One qualification of a simulated person over time: from {@code qualificationDate} until the day
 * before {@code disqualificationDate} (open-ended when null). Age-dependent parts (高齢受給者 from the
 * month after turning 70, 未就学 until school entry) are computed for the date asked about, so one
 * coverage shows a change of copay without a second record (OQS-PROTOCOL.md §2.4, §4.3).
 *
 * @param insurerNumber digits only (6 for 国保, 8 otherwise); written space-padded to 8
 * @param symbol 記号, null when none (後期高齢, 医療扶助)
 * @param branch 枝番, null when none (後期高齢, 医療扶助)
 * @param personalFamily OQSCD009, null for 後期高齢 and 医療扶助
 * @param expirationDate 被保険者証有効終了年月日, null = open-ended (element omitted)
 * @param partialContributionRatio 後期高齢 only: 010/020/030
 * @param registeredInOqs false for numbers the terminal does not know (該当資格なし)
 */
public record Coverage(
    String cardClassification,
    String insurerNumber,
    String symbol,
    String number,
    String branch,
    String personalFamily,
    String insuredName,
    String insurerName,
    LocalDate qualificationDate,
    LocalDate issuanceDate,
    LocalDate validDate,
    LocalDate expirationDate,
    LocalDate disqualificationDate,
    String reasonOfLoss,
    String partialContributionRatio,
    Elderly elderly,
    LimitCertificate limit,
    List<SpecificDisease> specificDiseases,
    MedicalAid medicalAid,
    boolean registeredInOqs) {

  public Coverage {
    specificDiseases = List.copyOf(specificDiseases);
  }

  /** 高齢受給者: the certificate applies from {@code from}, the day after turning 75 never. */
  public record Elderly(LocalDate from, LocalDate until, String ratio) {}

  /** 限度額適用認定証: OQSCD011 classification and OQSCD012 区分, valid from {@code from}. */
  public record LimitCertificate(String classification, String flag, LocalDate from) {}

  /** 特定疾病療養受療証: OQSCD013 category and the monthly self-pay limit in yen. */
  public record SpecificDisease(String category, int selfPay, LocalDate from) {}

  /**
   * 医療扶助: whether the welfare office has registered 医療券/調剤券 for this institution (false →
   * QualificationValidity 6 有効（未登録）).
   */
  public record MedicalAid(boolean ticketsRegistered, String welfareOffice) {}

  public boolean isKouki() {
    return insurerNumber.startsWith("39") && insurerNumber.length() == 8;
  }

  public boolean isMedicalAid() {
    return "A1".equals(cardClassification);
  }

  /** Whether the qualification is in force on that day. */
  public boolean coversOn(LocalDate day) {
    return !day.isBefore(qualificationDate)
        && (disqualificationDate == null || day.isBefore(disqualificationDate));
  }

  /** Whether it was lost on or before that day. */
  public boolean lostBy(LocalDate day) {
    return disqualificationDate != null && !day.isBefore(disqualificationDate);
  }

  /** The insurer number as the terminal writes it: 8 characters, right-aligned, space-padded. */
  public String paddedInsurerNumber() {
    return " ".repeat(Math.max(0, 8 - insurerNumber.length())) + insurerNumber;
  }

  Coverage endingOn(LocalDate lastDay, String reason) {
    return CoverageBuilder.copy(
        this,
        b -> {
          b.disqualificationDate = lastDay.plusDays(1);
          b.reasonOfLoss = reason;
        });
  }
}
