package jp.oqsgateway.gateway.qualification.diff;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.InsuredCardClassification;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateCategory;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateClassification;
import jp.oqsgateway.gateway.oqs.codes.LimitConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.PersonalFamilyClassification;
import jp.oqsgateway.gateway.oqs.codes.PreschoolClassification;
import jp.oqsgateway.gateway.oqs.codes.QualificationValidity;
import jp.oqsgateway.gateway.oqs.codes.ReasonOfLoss;
import jp.oqsgateway.gateway.oqs.codes.Sex;
import jp.oqsgateway.gateway.oqs.codes.SpecificDiseaseCategory;
import jp.oqsgateway.gateway.oqs.message.Consent;
import jp.oqsgateway.gateway.oqs.message.ElderlyRecipientCertificate;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.oqs.message.LimitApplicationCertificate;
import jp.oqsgateway.gateway.oqs.message.QualificationResult;
import jp.oqsgateway.gateway.oqs.message.SpecificDiseaseCertificate;

/**
 * A real {@link QualificationResult} (the codec's record, no mock) for one fictitious person, with
 * the QualificationValidity and the day asked about, changed one element at a time by the rule
 * table. Defaults match {@link #chart()} exactly.
 */
final class OqsAnswer {
  static final LocalDate AS_OF = LocalDate.of(2025, 6, 2);

  String cardClassification = "01";
  String insurerNumber = "06139984";
  String symbol = "4855";
  String number = "112398";
  String branch = "00";
  String personalFamily = "1";
  String name = "見本　太郎";
  String nameKana = "ﾐﾎﾝ ﾀﾛｳ";
  LocalDate birthdate = LocalDate.of(1980, 4, 1);
  String address = "東京都架空区見本町一丁目２番３号";
  String postNumber = "199-0001";
  LocalDate qualificationDate = LocalDate.of(2020, 4, 1);
  LocalDate disqualificationDate;
  LocalDate validDate = LocalDate.of(2020, 4, 1);
  LocalDate expirationDate;
  Integer partialContributionRatio;
  boolean preschool;
  String reasonOfLoss;
  String insurerName = "見本工業健康保険組合";
  ElderlyRecipientCertificate elderly;
  LimitApplicationCertificate limit;
  List<SpecificDiseaseCertificate> diseases = new ArrayList<>();
  String validity = "1";
  LocalDate asOf = AS_OF;

  /** The chart record that agrees with the defaults. */
  static ChartInsuranceRecord.Builder chart() {
    return ChartInsuranceRecord.builder()
        .insurerNumber("06139984")
        .symbol("4855")
        .number("112398")
        .branch("00")
        .personalFamily(PersonalFamilyClassification.INSURED_PERSON)
        .name("見本　太郎")
        .nameKana("ミホン　タロウ")
        .birthDate(LocalDate.of(1980, 4, 1))
        .address("東京都架空区見本町一丁目２番３号")
        .postNumber("199-0001")
        .validFrom(LocalDate.of(2020, 4, 1))
        .copayPercent(30);
  }

  /** 後期高齢者医療 (法別 39): no 記号, no 枝番, no 本人/家族, ratio set. */
  OqsAnswer lateElderly(int ratio) {
    insurerNumber = "39139993";
    symbol = null;
    branch = null;
    personalFamily = null;
    number = "50123454";
    birthdate = LocalDate.of(1945, 4, 1);
    partialContributionRatio = ratio;
    insurerName = "東京都後期高齢者医療広域連合（架空）";
    return this;
  }

  OqsAnswer limit(String category, LocalDate from, LocalDate to) {
    limit =
        new LimitApplicationCertificate(
            Optional.of(Coded.of(LimitCertificateClassification.LIMIT_CERTIFICATE)),
            Optional.of(Coded.parse(LimitCertificateCategory.class, category)),
            Optional.ofNullable(from),
            Optional.ofNullable(from),
            Optional.ofNullable(to),
            Optional.empty());
    return this;
  }

  OqsAnswer disease(String category, Integer selfPay, LocalDate from, LocalDate to) {
    diseases.add(
        new SpecificDiseaseCertificate(
            Optional.of(Coded.parse(SpecificDiseaseCategory.class, category)),
            Optional.ofNullable(from),
            Optional.ofNullable(from),
            Optional.ofNullable(to),
            Optional.ofNullable(selfPay)));
    return this;
  }

  OqsAnswer elderly(int ratio, LocalDate from, LocalDate to) {
    elderly =
        new ElderlyRecipientCertificate(
            Optional.of(from), Optional.of(from), Optional.of(to), Optional.of(ratio));
    return this;
  }

  Optional<Coded<QualificationValidity>> validityCode() {
    return Optional.ofNullable(validity).map(v -> Coded.parse(QualificationValidity.class, v));
  }

  QualificationResult result() {
    return new QualificationResult(
        Coded.parse(InsuredCardClassification.class, cardClassification),
        InsurerNumber.parse(insurerNumber),
        Optional.ofNullable(symbol),
        Optional.ofNullable(number),
        Optional.ofNullable(branch),
        Optional.ofNullable(personalFamily)
            .map(c -> Coded.parse(PersonalFamilyClassification.class, c)),
        Optional.of(name),
        name,
        Optional.empty(),
        Optional.ofNullable(nameKana),
        Optional.empty(),
        Coded.of(Sex.MALE),
        Optional.empty(),
        birthdate,
        Optional.ofNullable(address),
        Optional.ofNullable(postNumber),
        Optional.ofNullable(qualificationDate),
        Optional.ofNullable(disqualificationDate),
        Optional.ofNullable(validDate),
        Optional.ofNullable(validDate),
        Optional.ofNullable(expirationDate),
        Optional.ofNullable(partialContributionRatio),
        preschool ? Optional.of(Coded.of(PreschoolClassification.PRESCHOOL)) : Optional.empty(),
        Optional.ofNullable(reasonOfLoss).map(r -> Coded.parse(ReasonOfLoss.class, r)),
        insurerName,
        Optional.ofNullable(elderly),
        Optional.of(
            new Consent<>(
                Coded.of(LimitConsentFlag.CONSENTED), Optional.empty(), Optional.empty())),
        Optional.ofNullable(limit),
        Optional.empty(),
        Optional.empty(),
        diseases,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }
}
