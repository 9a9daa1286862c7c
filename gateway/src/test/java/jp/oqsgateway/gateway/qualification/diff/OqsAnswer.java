package jp.oqsgateway.gateway.qualification.diff;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.ConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.InsuredCardClassification;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateCategory;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateClassification;
import jp.oqsgateway.gateway.oqs.codes.LimitConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.PersonalFamilyClassification;
import jp.oqsgateway.gateway.oqs.codes.PreschoolClassification;
import jp.oqsgateway.gateway.oqs.codes.ProcessingResultStatus;
import jp.oqsgateway.gateway.oqs.codes.QualificationValidity;
import jp.oqsgateway.gateway.oqs.codes.ReasonOfLoss;
import jp.oqsgateway.gateway.oqs.codes.SegmentOfResult;
import jp.oqsgateway.gateway.oqs.codes.Sex;
import jp.oqsgateway.gateway.oqs.codes.SpecificDiseaseCategory;
import jp.oqsgateway.gateway.oqs.message.Consent;
import jp.oqsgateway.gateway.oqs.message.ElderlyRecipientCertificate;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.oqs.message.LimitApplicationCertificate;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.ProcessingResult;
import jp.oqsgateway.gateway.oqs.message.QualificationResult;
import jp.oqsgateway.gateway.oqs.message.QualificationResultMessage;
import jp.oqsgateway.gateway.oqs.message.ResultHeader;
import jp.oqsgateway.gateway.oqs.message.SpecificDiseaseCertificate;

/**
 * A real {@link QualificationResult} (the codec's record, no mock) for one fictitious person, with
 * the QualificationValidity and the day asked about, changed one element at a time by the rule
 * table. Defaults match {@link #chart()} exactly.
 */
public final class OqsAnswer {
  public static final LocalDate AS_OF = LocalDate.of(2025, 6, 2);

  public String cardClassification = "01";
  public String insurerNumber = "06139984";
  public String symbol = "4855";
  public String number = "112398";
  public String branch = "00";
  public String personalFamily = "1";
  public String name = "見本　太郎";
  public String nameKana = "ﾐﾎﾝ ﾀﾛｳ";
  public LocalDate birthdate = LocalDate.of(1980, 4, 1);
  public String address = "東京都架空区見本町一丁目２番３号";
  public String postNumber = "199-0001";
  public LocalDate qualificationDate = LocalDate.of(2020, 4, 1);
  public LocalDate disqualificationDate;
  public LocalDate validDate = LocalDate.of(2020, 4, 1);
  public LocalDate expirationDate;
  public Integer partialContributionRatio;
  public boolean preschool;
  public String reasonOfLoss;
  public String insurerName = "見本工業健康保険組合";
  public ElderlyRecipientCertificate elderly;
  public LimitApplicationCertificate limit;
  public List<SpecificDiseaseCertificate> diseases = new ArrayList<>();
  public String validity = "1";

  /** The 限度額 consent flag (OQSCD001). */
  public LimitConsentFlag limitConsent = LimitConsentFlag.CONSENTED;

  /** The viewing consents, absent unless a test sets them. */
  public Consent<ConsentFlag> drugConsent;

  public Consent<ConsentFlag> clinicalConsent;
  public LocalDate asOf = AS_OF;

  /** The chart record that agrees with the defaults. */
  public static ChartInsuranceRecord.Builder chart() {
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
  public OqsAnswer lateElderly(int ratio) {
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

  public OqsAnswer limit(String category, LocalDate from, LocalDate to) {
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

  public OqsAnswer disease(String category, Integer selfPay, LocalDate from, LocalDate to) {
    diseases.add(
        new SpecificDiseaseCertificate(
            Optional.of(Coded.parse(SpecificDiseaseCategory.class, category)),
            Optional.ofNullable(from),
            Optional.ofNullable(from),
            Optional.ofNullable(to),
            Optional.ofNullable(selfPay)));
    return this;
  }

  public OqsAnswer elderly(int ratio, LocalDate from, LocalDate to) {
    elderly =
        new ElderlyRecipientCertificate(
            Optional.of(from), Optional.of(from), Optional.of(to), Optional.of(ratio));
    return this;
  }

  public Optional<Coded<QualificationValidity>> validityCode() {
    return Optional.ofNullable(validity).map(v -> Coded.parse(QualificationValidity.class, v));
  }

  public QualificationResult result() {
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
        Optional.of(new Consent<>(Coded.of(limitConsent), Optional.empty(), Optional.empty())),
        Optional.ofNullable(limit),
        Optional.empty(),
        Optional.empty(),
        diseases,
        List.of(),
        Optional.empty(),
        Optional.ofNullable(drugConsent),
        Optional.ofNullable(clinicalConsent),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** The whole answer to a home-visit re-inquiry carrying {@link #result()}. */
  public QualificationResultMessage message() {
    ResultHeader header =
        new ResultHeader(
            Optional.empty(),
            Optional.of(asOf),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(Coded.of(SegmentOfResult.COMPLETED)),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    return new QualificationResultMessage(
        MessageKind.OQS_SIHVQ01_RES,
        header,
        ProcessingResult.of(ProcessingResultStatus.NORMAL),
        validityCode(),
        Optional.empty(),
        List.of(result()),
        Optional.empty(),
        List.of());
  }
}
