package jp.oqsgateway.gateway.oqs.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.CharacterCode;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.LimitConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentFlag;
import jp.oqsgateway.gateway.oqs.codes.OqsCode;
import jp.oqsgateway.gateway.oqs.codes.ProcessingResultStatus;
import jp.oqsgateway.gateway.oqs.codes.ReferenceClassification;
import jp.oqsgateway.gateway.oqs.codes.SegmentOfResult;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/** Decoding and encoding of the blocks shared by several messages. */
final class Parts {
  static final String HEADER = "MessageHeader";
  static final String BODY = "MessageBody";
  static final String SEARCH = "QualificationConfirmSearchInfo";
  static final String REGISTRATION = "ReferenceNumberRegistrationInfo";

  private Parts() {}

  // --- QualificationConfirmSearchInfo -------------------------------------------------------

  static QualificationSearch search(Node n) throws OqsFormatException {
    return new QualificationSearch(
        n.requiredInsurer("InsurerNumber"),
        n.text("InsuredCardSymbol"),
        n.requiredText("InsuredIdentificationNumber"),
        n.text("InsuredBranchNumber"),
        n.requiredDate("Birthdate"),
        n.requiredCode("LimitApplicationCertificateRelatedConsFlg", LimitConsentFlag.class),
        n.text("ArbitraryIdentifier"));
  }

  static XmlElement search(QualificationSearch s) {
    return search(s, Optional.empty());
  }

  /**
   * The search block with a MedicalTreatmentFlag (OQSCD028) as its last child, where the bulk
   * home-visit request carries it (§2.6); the single re-inquiry's place is reconstructed (§2.7).
   */
  static XmlElement search(
      QualificationSearch s, Optional<Coded<MedicalTreatmentFlag>> medicalTreatmentFlag) {
    return new Out()
        .insurer("InsurerNumber", s.insurerNumber())
        .text("InsuredCardSymbol", s.insuredCardSymbol())
        .text("InsuredIdentificationNumber", s.insuredIdentificationNumber())
        .text("InsuredBranchNumber", s.insuredBranchNumber())
        .date("Birthdate", s.birthdate())
        .code(
            "LimitApplicationCertificateRelatedConsFlg",
            s.limitApplicationCertificateRelatedConsFlg())
        .text("ArbitraryIdentifier", s.arbitraryIdentifier())
        .code("MedicalTreatmentFlag", medicalTreatmentFlag)
        .build(SEARCH);
  }

  // --- ReferenceNumberRegistrationInfo ------------------------------------------------------

  static ReferenceNumberRegistration registration(Node n) throws OqsFormatException {
    return new ReferenceNumberRegistration(
        n.requiredText("ReferenceNumber"),
        n.requiredInsurer("InsurerNumber"),
        n.text("InsuredCardSymbol"),
        n.requiredText("InsuredIdentificationNumber"),
        n.text("InsuredBranchNumber"));
  }

  static XmlElement registration(ReferenceNumberRegistration r) {
    return new Out()
        .text("ReferenceNumber", r.referenceNumber())
        .insurer("InsurerNumber", r.insurerNumber())
        .text("InsuredCardSymbol", r.insuredCardSymbol())
        .text("InsuredIdentificationNumber", r.insuredIdentificationNumber())
        .text("InsuredBranchNumber", r.insuredBranchNumber())
        .build(REGISTRATION);
  }

  // --- MessageHeader of results -------------------------------------------------------------

  static ResultHeader header(Node h) throws OqsFormatException {
    return new ResultHeader(
        h.dateTime("ProcessExecutionTime"),
        h.date("QualificationConfirmationDate"),
        h.text("MedicalInstitutionCode"),
        h.text("ArbitraryFileIdentifier"),
        h.code("ReferenceClassification", ReferenceClassification.class),
        h.text("ReceptionNumber"),
        h.code("SegmentOfResult", SegmentOfResult.class),
        h.text("ErrorCode"),
        h.text("ErrorMessage"),
        h.count("NumberOfProcessingResult"),
        h.count("NumberOfNormalProcessing"),
        h.count("NumberOfError"),
        h.code("CharacterCodeIdentifier", CharacterCode.class));
  }

  /** The header; a CharacterCodeIdentifier present in the record is written for {@code cs}. */
  static XmlElement header(ResultHeader h, OqsCharset cs) {
    Optional<Coded<CharacterCode>> cci =
        h.characterCodeIdentifier()
            .map(c -> Coded.parse(CharacterCode.class, cs.characterCodeIdentifier()));
    return new Out()
        .dateTime("ProcessExecutionTime", h.processExecutionTime())
        .date("QualificationConfirmationDate", h.qualificationConfirmationDate())
        .text("MedicalInstitutionCode", h.medicalInstitutionCode())
        .text("ArbitraryFileIdentifier", h.arbitraryFileIdentifier())
        .code("ReferenceClassification", h.referenceClassification())
        .text("ReceptionNumber", h.receptionNumber())
        .code("SegmentOfResult", h.segmentOfResult())
        .text("ErrorCode", h.errorCode())
        .text("ErrorMessage", h.errorMessage())
        .count("NumberOfProcessingResult", h.numberOfProcessingResult())
        .count("NumberOfNormalProcessing", h.numberOfNormalProcessing())
        .count("NumberOfError", h.numberOfError())
        .code("CharacterCodeIdentifier", cci)
        .build("MessageHeader");
  }

  // --- ProcessingResultStatus/Code/Message --------------------------------------------------

  static ProcessingResult processing(Node n) {
    return new ProcessingResult(
        n.code("ProcessingResultStatus", ProcessingResultStatus.class),
        n.text("ProcessingResultCode"),
        n.text("ProcessingResultMessage"));
  }

  static Out processing(Out out, ProcessingResult p) {
    return out.code("ProcessingResultStatus", p.status())
        .text("ProcessingResultCode", p.code())
        .text("ProcessingResultMessage", p.message());
  }

  // --- consent triples ----------------------------------------------------------------------

  static <E extends Enum<E> & OqsCode> Optional<Consent<E>> consent(
      Node n, String prefix, Class<E> type) throws OqsFormatException {
    Optional<Coded<E>> flag = n.code(prefix + "ConsFlg", type);
    if (flag.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Consent<>(
            flag.get(), n.dateTime(prefix + "ConsTime"), n.dateTime(prefix + "AvailableTime")));
  }

  static Out consent(Out out, String prefix, Optional<? extends Consent<?>> consent) {
    if (consent.isEmpty()) {
      return out;
    }
    Consent<?> c = consent.get();
    return out.code(prefix + "ConsFlg", c.flag())
        .dateTime(prefix + "ConsTime", c.consentTime())
        .dateTime(prefix + "AvailableTime", c.availableTime());
  }

  // --- small helpers ------------------------------------------------------------------------

  static List<XmlElement> each(List<QualificationResult> results) {
    List<XmlElement> out = new ArrayList<>();
    for (QualificationResult r : results) {
      out.add(Results.encode(r));
    }
    return out;
  }
}
