package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import jp.oqsgateway.gateway.oqs.codes.CharacterCode;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.ConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.ConsistencyFlag;
import jp.oqsgateway.gateway.oqs.codes.DesignatedInstitutionMatch;
import jp.oqsgateway.gateway.oqs.codes.ElderlyMedicalCareStatus;
import jp.oqsgateway.gateway.oqs.codes.InfectiousDiseaseStatus;
import jp.oqsgateway.gateway.oqs.codes.InsuredCardClassification;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateCategory;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateChanged;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateClassification;
import jp.oqsgateway.gateway.oqs.codes.LimitConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentFlag;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentType;
import jp.oqsgateway.gateway.oqs.codes.OqsCode;
import jp.oqsgateway.gateway.oqs.codes.PersonalFamilyClassification;
import jp.oqsgateway.gateway.oqs.codes.PrefecturalExpenseStatus;
import jp.oqsgateway.gateway.oqs.codes.PreschoolClassification;
import jp.oqsgateway.gateway.oqs.codes.PrescriptionIssueSelect;
import jp.oqsgateway.gateway.oqs.codes.ProcessingResultStatus;
import jp.oqsgateway.gateway.oqs.codes.QualificationValidity;
import jp.oqsgateway.gateway.oqs.codes.ReasonOfLoss;
import jp.oqsgateway.gateway.oqs.codes.ReferenceClassification;
import jp.oqsgateway.gateway.oqs.codes.SegmentOfResult;
import jp.oqsgateway.gateway.oqs.codes.Sex;
import jp.oqsgateway.gateway.oqs.codes.SingleOrCombinedUse;
import jp.oqsgateway.gateway.oqs.codes.SocialInsuranceStatus;
import jp.oqsgateway.gateway.oqs.codes.SpecificDiseaseCategory;
import jp.oqsgateway.gateway.oqs.codes.TicketType;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * Random but valid messages of every kind, for round-trip properties. Text uses only characters
 * CP932 can carry when the target is Shift_JIS; UTF-8 adds characters outside CP932.
 */
final class Gen {
  private static final String CP932_POOL =
      "あいうえおかきくけこさしすせそたちつてとなにぬねのはまやらわをん"
          + "見本標試験花子一郎正東京都架空区町丁目番号健康保険組合連合会髙﨑●ー（）・"
          + "ｱｲｳｴｵｶﾞﾊﾟﾅｺﾐﾎﾝ ABCxyz0123456789-&<>'\"　";
  private static final String UTF8_EXTRA = "𠮷ゔ①☺";

  private final Random r;
  private final OqsCharset cs;

  Gen(Random r, OqsCharset cs) {
    this.r = r;
    this.cs = cs;
  }

  // --- primitives ---------------------------------------------------------------------------

  <T> Optional<T> opt(Supplier<T> s) {
    return r.nextInt(3) == 0 ? Optional.empty() : Optional.of(s.get());
  }

  <T> List<T> list(int min, int max, Supplier<T> s) {
    int n = min + r.nextInt(max - min + 1);
    List<T> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(s.get());
    }
    return out;
  }

  String text() {
    String pool = cs == OqsCharset.UTF_8 ? CP932_POOL + UTF8_EXTRA : CP932_POOL;
    int[] cps = pool.codePoints().toArray();
    StringBuilder sb = new StringBuilder();
    int n = 1 + r.nextInt(20);
    for (int i = 0; i < n; i++) {
      sb.appendCodePoint(cps[r.nextInt(cps.length)]);
    }
    String s = sb.toString().strip();
    return s.isEmpty() ? "見本" : s;
  }

  String digits(int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append((char) ('0' + r.nextInt(10)));
    }
    return sb.toString();
  }

  LocalDate date() {
    return LocalDate.of(1900, 1, 1).plusDays(r.nextInt(200 * 365));
  }

  LocalDateTime dateTime() {
    return date().atStartOfDay().plusSeconds(r.nextInt(86_400));
  }

  YearMonth month() {
    return YearMonth.of(1990 + r.nextInt(100), 1 + r.nextInt(12));
  }

  int ratio() {
    return 10 * (1 + r.nextInt(3));
  }

  InsurerNumber insurer() {
    String d = r.nextBoolean() ? digits(6) : (1 + r.nextInt(98)) + digits(6);
    return new InsurerNumber(d.length() == 7 ? "0" + d : d);
  }

  /** Mostly known codes, sometimes a code the table does not have. */
  <E extends Enum<E> & OqsCode> Coded<E> code(Class<E> type) {
    if (r.nextInt(10) == 0) {
      return Coded.parse(type, "Z" + r.nextInt(10));
    }
    E[] values = type.getEnumConstants();
    return Coded.of(values[r.nextInt(values.length)]);
  }

  <E extends Enum<E> & OqsCode> Optional<Coded<E>> optCode(Class<E> type) {
    return opt(() -> code(type));
  }

  Optional<String> optText() {
    return opt(this::text);
  }

  // --- blocks -------------------------------------------------------------------------------

  QualificationSearch search() {
    return new QualificationSearch(
        insurer(),
        optText(),
        digits(1 + r.nextInt(8)),
        opt(() -> digits(2)),
        date(),
        code(LimitConsentFlag.class),
        optText());
  }

  ResultHeader header(Optional<Coded<SegmentOfResult>> segment) {
    return new ResultHeader(
        opt(this::dateTime),
        opt(this::date),
        opt(() -> digits(10)),
        optText(),
        optCode(ReferenceClassification.class),
        opt(() -> digits(20)),
        segment.isPresent() ? segment : optCode(SegmentOfResult.class),
        opt(() -> digits(5)),
        optText(),
        opt(() -> r.nextInt(1000)),
        opt(() -> r.nextInt(1000)),
        opt(() -> r.nextInt(1000)),
        opt(this::characterCode));
  }

  Coded<CharacterCode> characterCode() {
    return Coded.parse(CharacterCode.class, cs.characterCodeIdentifier());
  }

  ProcessingResult processing() {
    return new ProcessingResult(optCode(ProcessingResultStatus.class), optText(), optText());
  }

  <E extends Enum<E> & OqsCode> Optional<Consent<E>> consent(Class<E> type) {
    return opt(() -> new Consent<>(code(type), opt(this::dateTime), opt(this::dateTime)));
  }

  QualificationResult result() {
    return new QualificationResult(
        code(InsuredCardClassification.class),
        opt(this::insurer),
        optText(),
        opt(() -> digits(8)),
        opt(() -> digits(2)),
        optCode(PersonalFamilyClassification.class),
        optText(),
        text(),
        optText(),
        optText(),
        optText(),
        code(Sex.class),
        optCode(Sex.class),
        date(),
        optText(),
        opt(() -> digits(3) + "-" + digits(4)),
        opt(this::date),
        opt(this::date),
        opt(this::date),
        opt(this::date),
        opt(this::date),
        opt(this::ratio),
        optCode(PreschoolClassification.class),
        optCode(ReasonOfLoss.class),
        text(),
        opt(
            () ->
                new ElderlyRecipientCertificate(
                    opt(this::date), opt(this::date), opt(this::date), opt(this::ratio))),
        consent(LimitConsentFlag.class),
        opt(
            () ->
                new LimitApplicationCertificate(
                    optCode(LimitCertificateClassification.class),
                    optCode(LimitCertificateCategory.class),
                    opt(this::date),
                    opt(this::date),
                    opt(this::date),
                    opt(this::date))),
        optCode(LimitCertificateChanged.class),
        consent(ConsentFlag.class),
        list(
            0,
            2,
            () ->
                new SpecificDiseaseCertificate(
                    optCode(SpecificDiseaseCategory.class),
                    opt(this::date),
                    opt(this::date),
                    opt(this::date),
                    opt(() -> r.nextInt(100_000)))),
        list(0, 2, this::ticket),
        consent(ConsentFlag.class),
        consent(ConsentFlag.class),
        consent(ConsentFlag.class),
        consent(ConsentFlag.class),
        optText(),
        opt(() -> digits(5)),
        optText(),
        optCode(PrescriptionIssueSelect.class));
  }

  MedicalTicket ticket() {
    return new MedicalTicket(
        optCode(TicketType.class),
        opt(this::date),
        opt(this::date),
        opt(() -> digits(8)),
        opt(this::month),
        opt(() -> digits(10)),
        optCode(DesignatedInstitutionMatch.class),
        optText(),
        opt(() -> digits(10)),
        optText(),
        optText(),
        optText(),
        optText(),
        optCode(MedicalTreatmentType.class),
        opt(() -> String.valueOf(r.nextInt(20_000))),
        optText(),
        optText(),
        optCode(SingleOrCombinedUse.class),
        optCode(SocialInsuranceStatus.class),
        optCode(ConsistencyFlag.class),
        optCode(InfectiousDiseaseStatus.class),
        optCode(ElderlyMedicalCareStatus.class),
        optCode(PrefecturalExpenseStatus.class),
        optText(),
        optText(),
        optText());
  }

  ReferenceNumberRegistration registration() {
    return new ReferenceNumberRegistration(
        digits(1 + r.nextInt(12)),
        insurer(),
        optText(),
        digits(1 + r.nextInt(8)),
        opt(() -> digits(2)));
  }

  // --- messages -----------------------------------------------------------------------------

  /** A header with the elements {@code kind} requires, others random. */
  private ResultHeader requiredHeader(
      boolean time,
      boolean date,
      boolean institution,
      boolean classification,
      boolean reception,
      boolean segment,
      boolean charCode) {
    ResultHeader h = header(Optional.empty());
    return new ResultHeader(
        time ? Optional.of(dateTime()) : h.processExecutionTime(),
        date ? Optional.of(date()) : h.qualificationConfirmationDate(),
        institution ? Optional.of(digits(10)) : h.medicalInstitutionCode(),
        h.arbitraryFileIdentifier(),
        classification
            ? Optional.of(code(ReferenceClassification.class))
            : h.referenceClassification(),
        reception ? Optional.of(digits(20)) : h.receptionNumber(),
        segment ? Optional.of(code(SegmentOfResult.class)) : h.segmentOfResult(),
        h.errorCode(),
        h.errorMessage(),
        h.numberOfProcessingResult(),
        h.numberOfNormalProcessing(),
        h.numberOfError(),
        charCode ? Optional.of(characterCode()) : h.characterCodeIdentifier());
  }

  OqsMessage message(MessageKind kind) {
    switch (kind) {
      case OQS_SIQUC01_REQ:
      case OQS_SIHVQ01_REQ:
        // A re-inquiry file always carries a MedicalTreatmentFlag; a siquc01 file may (its form).
        return new SingleCheckRequest(
            kind,
            date(),
            digits(10),
            optText(),
            search(),
            kind == MessageKind.OQS_SIHVQ01_REQ
                ? Optional.of(code(MedicalTreatmentFlag.class))
                : optCode(MedicalTreatmentFlag.class),
            List.of());
      case OQS_SIQUC01_RES:
      case OQS_SIQUC01_FACE:
      case OQS_SIHVQ01_RES:
        {
          ResultHeader h = requiredHeader(true, true, true, true, false, true, true);
          ProcessingResult p = processing();
          if (h.isCompleted() && p.status().isEmpty()) {
            p =
                new ProcessingResult(
                    Optional.of(code(ProcessingResultStatus.class)), p.code(), p.message());
          }
          return new QualificationResultMessage(
              kind,
              h,
              p,
              optCode(QualificationValidity.class),
              opt(this::search),
              list(0, 3, this::result),
              optCode(PrescriptionIssueSelect.class),
              List.of());
        }
      case OQS_MUQUC01_REQ:
        return new BulkCheckRequest(
            date(), digits(10), optText(), list(1, 4, this::search), List.of());
      case OQS_MUQUC01_RES:
      case OQS_MUHVQ01_RES:
      case OQS_MUONQ01_RES:
      case OQS_MUTIC01_RES:
      case OQS_MUIMM01_RES:
        {
          ResultHeader h = requiredHeader(true, false, true, false, false, false, true);
          boolean needsNumber = h.segmentOfResult().isEmpty() || h.isCompleted();
          return new ReceptionResult(
              kind,
              h,
              needsNumber ? Optional.of(digits(20)) : opt(() -> digits(20)),
              opt(() -> digits(14)),
              processing(),
              List.of());
        }
      case OQS_MUQUC02_REQ:
      case OQS_MUHVQ02_REQ:
      case OQS_MUONQ02_REQ:
      case OQS_MUTIC02_REQ:
      case OQS_MUIMM02_REQ:
        return new DownloadRequest(kind, digits(10), optText(), digits(20), List.of());
      case OQS_MUQUC02_RES:
      case OQS_MUHVQ02_RES:
      case OQS_MUONQ02_RES:
      case OQS_MUTIC02_RES:
        return new BulkResult(
            kind,
            requiredHeader(true, false, true, false, true, true, true),
            list(
                0,
                3,
                () ->
                    new BulkConfirmUnit(
                        opt(this::search),
                        list(0, 2, () -> digits(5)),
                        processing(),
                        optCode(QualificationValidity.class),
                        list(0, 2, this::result))),
            List.of());
      case OQS_MUHVQ01_REQ:
        return new ConsentedBulkRequest(
            kind,
            digits(10),
            optText(),
            Optional.of(date()),
            Optional.of(date()),
            opt(this::date),
            opt(this::date),
            opt(this::month),
            Optional.of(code(MedicalTreatmentFlag.class)),
            List.of());
      case OQS_MUONQ01_REQ:
        {
          boolean byConsent = r.nextBoolean();
          return new ConsentedBulkRequest(
              kind,
              digits(10),
              optText(),
              byConsent ? Optional.of(date()) : Optional.empty(),
              byConsent ? Optional.of(date()) : Optional.empty(),
              byConsent ? Optional.empty() : Optional.of(date()),
              byConsent ? Optional.empty() : Optional.of(date()),
              Optional.empty(),
              Optional.of(Coded.of(MedicalTreatmentFlag.ONLINE)),
              List.of());
        }
      case OQS_MUTIC01_REQ:
        return new ConsentedBulkRequest(
            kind,
            digits(10),
            optText(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(month()),
            optCode(MedicalTreatmentFlag.class),
            List.of());
      case OQS_SIIMM01_REQ:
        return new ReferenceNumberRegistrationRequest(
            digits(10), optText(), registration(), List.of());
      case OQS_SIIMM01_RES:
        return new ReferenceNumberRegistrationResult(
            header(Optional.empty()),
            processing(),
            opt(this::registration),
            opt(() -> digits(6)),
            List.of());
      case OQS_MUIMM01_REQ:
        return new BulkReferenceNumberRegistrationRequest(
            digits(10), optText(), list(1, 4, this::registration), List.of());
      case OQS_MUIMM02_RES:
        return new BulkRegistrationResult(
            requiredHeader(false, false, false, false, true, false, false),
            list(0, 3, () -> new BulkRegistrationUnit(opt(this::registration), processing())),
            List.of());
      case YZK_SIQUC01_REQ:
      case TKK_SIQUC01_REQ:
        return new MedicalInformationRequest(
            kind,
            digits(10),
            insurer(),
            optText(),
            digits(8),
            opt(() -> digits(2)),
            optText(),
            opt(this::month),
            opt(this::month),
            opt(() -> r.nextBoolean() ? "1" : "2"),
            opt(() -> "1"),
            optCode(MedicalTreatmentFlag.class),
            List.of());
      case YZK_SIQUC01_RES:
      case TKK_SIQUC01_RES:
        return MedicalInformationResult.of(kind, informationTree());
      default:
        throw new IllegalArgumentException(kind.name());
    }
  }

  private XmlElement informationTree() {
    List<XmlElement> months =
        list(
            0,
            3,
            () ->
                XmlElement.of(
                    "MeTrMonthInf",
                    XmlElement.leaf("DrugN", text()),
                    XmlElement.leaf("Qua1", digits(2))));
    return XmlElement.of(
        "XmlMsg",
        XmlElement.of("MessageHeader", XmlElement.of("QuaInf", XmlElement.leaf("Name", text()))),
        XmlElement.of(
            "MessageBody",
            List.of(
                XmlElement.leaf("ResultCode", r.nextBoolean() ? "1" : "2"),
                XmlElement.leaf("MessageContents", text()),
                XmlElement.of("Months", months))));
  }
}
