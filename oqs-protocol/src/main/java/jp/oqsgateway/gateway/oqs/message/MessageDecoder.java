package jp.oqsgateway.gateway.oqs.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentFlag;
import jp.oqsgateway.gateway.oqs.codes.PrescriptionIssueSelect;
import jp.oqsgateway.gateway.oqs.codes.QualificationValidity;

/** Message-level decoding: {@code XmlMsg} → the record of its kind. */
final class MessageDecoder {
  private static final String HEADER = Parts.HEADER;
  private static final String BODY = Parts.BODY;

  private MessageDecoder() {}

  static OqsMessage decode(MessageKind kind, Node root) throws OqsFormatException {
    return switch (kind) {
      case OQS_SIQUC01_REQ, OQS_SIHVQ01_REQ -> singleCheckRequest(kind, root);
      case OQS_SIQUC01_RES, OQS_SIQUC01_FACE, OQS_SIHVQ01_RES -> qualificationResult(kind, root);
      case OQS_MUQUC01_REQ -> bulkCheckRequest(root);
      case OQS_MUQUC01_RES, OQS_MUHVQ01_RES, OQS_MUONQ01_RES, OQS_MUTIC01_RES, OQS_MUIMM01_RES ->
          receptionResult(kind, root);
      case OQS_MUQUC02_REQ, OQS_MUHVQ02_REQ, OQS_MUONQ02_REQ, OQS_MUTIC02_REQ, OQS_MUIMM02_REQ ->
          downloadRequest(kind, root);
      case OQS_MUQUC02_RES, OQS_MUHVQ02_RES, OQS_MUONQ02_RES, OQS_MUTIC02_RES ->
          bulkResult(kind, root);
      case OQS_MUHVQ01_REQ, OQS_MUONQ01_REQ, OQS_MUTIC01_REQ -> consentedBulkRequest(kind, root);
      case OQS_SIIMM01_REQ -> registrationRequest(root);
      case OQS_SIIMM01_RES -> registrationResult(root);
      case OQS_MUIMM01_REQ -> bulkRegistrationRequest(root);
      case OQS_MUIMM02_RES -> bulkRegistrationResult(root);
      case YZK_SIQUC01_REQ, TKK_SIQUC01_REQ -> medicalInformationRequest(kind, root);
      case YZK_SIQUC01_RES, TKK_SIQUC01_RES -> medicalInformationResult(kind, root);
      default -> throw new IllegalStateException("no decoder for " + kind);
    };
  }

  // --- decoders -----------------------------------------------------------------------------

  /**
   * {@code OQSsiquc01req}, or a re-inquiry in either form: MedicalTreatmentFlag is read from the
   * search block (required in an {@code OQSsihvq01req}, whose reconstructed layout carries it).
   */
  private static SingleCheckRequest singleCheckRequest(MessageKind kind, Node root)
      throws OqsFormatException {
    Node h = root.requiredChild(HEADER);
    Node b = root.requiredChild(BODY);
    Node s = b.requiredChild(Parts.SEARCH);
    if (kind == MessageKind.OQS_SIHVQ01_REQ) {
      s.require("MedicalTreatmentFlag");
    }
    return new SingleCheckRequest(
        kind,
        h.requiredDate("QualificationConfirmationDate"),
        h.requiredText("MedicalInstitutionCode"),
        h.text("ArbitraryFileIdentifier"),
        Parts.search(s),
        s.code("MedicalTreatmentFlag", MedicalTreatmentFlag.class),
        root.unknownSoFar());
  }

  private static QualificationResultMessage qualificationResult(MessageKind kind, Node root)
      throws OqsFormatException {
    Node h = root.requiredChild(HEADER);
    h.require(
        "ProcessExecutionTime",
        "QualificationConfirmationDate",
        "MedicalInstitutionCode",
        "ReferenceClassification",
        "SegmentOfResult",
        "CharacterCodeIdentifier");
    ResultHeader header = Parts.header(h);
    Node b = body(root);
    if (header.isCompleted()) {
      b.require("ProcessingResultStatus");
    }
    ProcessingResult processing = Parts.processing(b);
    Optional<jp.oqsgateway.gateway.oqs.codes.Coded<QualificationValidity>> validity =
        b.code("QualificationValidity", QualificationValidity.class);
    Optional<QualificationSearch> search = optionalSearch(b);
    List<QualificationResult> results = new ArrayList<>();
    for (Node list : b.group("ResultList")) {
      for (Node r : list.list(Results.RESULT)) {
        results.add(Results.decode(r));
      }
    }
    return new QualificationResultMessage(
        kind,
        header,
        processing,
        validity,
        search,
        results,
        b.code("PrescriptionIssueSelect", PrescriptionIssueSelect.class),
        root.unknownSoFar());
  }

  private static BulkCheckRequest bulkCheckRequest(Node root) throws OqsFormatException {
    Node h = root.requiredChild(HEADER);
    Node b = root.requiredChild(BODY);
    List<QualificationSearch> searches = b.requiredList(Parts.SEARCH, Parts::search);
    return new BulkCheckRequest(
        h.requiredDate("QualificationConfirmationDate"),
        h.requiredText("MedicalInstitutionCode"),
        h.text("ArbitraryFileIdentifier"),
        searches,
        root.unknownSoFar());
  }

  private static ReceptionResult receptionResult(MessageKind kind, Node root)
      throws OqsFormatException {
    Node h = root.requiredChild(HEADER);
    h.require("ProcessExecutionTime", "MedicalInstitutionCode", "CharacterCodeIdentifier");
    ResultHeader header = Parts.header(h);
    Node b = body(root);
    if (header.segmentOfResult().isEmpty() || header.isCompleted()) {
      b.require("ReceptionNumber");
    }
    return new ReceptionResult(
        kind,
        header,
        b.text("ReceptionNumber"),
        b.text("ReceptionDateTime"),
        Parts.processing(b),
        root.unknownSoFar());
  }

  private static DownloadRequest downloadRequest(MessageKind kind, Node root)
      throws OqsFormatException {
    Node h = root.requiredChild(HEADER);
    Node b = root.requiredChild(BODY);
    return new DownloadRequest(
        kind,
        h.requiredText("MedicalInstitutionCode"),
        h.text("ArbitraryFileIdentifier"),
        b.requiredText("ReceptionNumber"),
        root.unknownSoFar());
  }

  private static BulkResult bulkResult(MessageKind kind, Node root) throws OqsFormatException {
    Node h = root.requiredChild(HEADER);
    h.require(
        "ProcessExecutionTime",
        "MedicalInstitutionCode",
        "ReceptionNumber",
        "SegmentOfResult",
        "CharacterCodeIdentifier");
    ResultHeader header = Parts.header(h);
    Node b = body(root);
    List<BulkConfirmUnit> units = new ArrayList<>();
    for (Node u : b.list("BulkConfirmUnit")) {
      List<QualificationResult> results = new ArrayList<>();
      for (Node r : u.list(Results.RESULT)) {
        results.add(Results.decode(r));
      }
      for (Node list : u.group("ResultList")) {
        for (Node r : list.list(Results.RESULT)) {
          results.add(Results.decode(r));
        }
      }
      units.add(
          new BulkConfirmUnit(
              optionalSearch(u),
              u.texts("ReferenceNumber"),
              Parts.processing(u),
              u.code("QualificationValidity", QualificationValidity.class),
              results));
    }
    return new BulkResult(kind, header, units, root.unknownSoFar());
  }

  private static ConsentedBulkRequest consentedBulkRequest(MessageKind kind, Node root)
      throws OqsFormatException {
    Node h = root.requiredChild(HEADER);
    Node s = root.requiredChild(BODY).requiredChild(Parts.SEARCH);
    switch (kind) {
      case OQS_MUHVQ01_REQ -> s.require("ConsentDateFrom", "ConsentDateTo", "MedicalTreatmentFlag");
      case OQS_MUONQ01_REQ -> {
        s.require("MedicalTreatmentFlag");
        if (!(s.has("ConsentDateFrom") && s.has("ConsentDateTo"))
            && !(s.has("ExaminationDateFrom") && s.has("ExaminationDateTo"))) {
          s.fail(null, "needs ConsentDateFrom/To or ExaminationDateFrom/To");
        }
      }
      default -> s.require("MedicalTreatmentMonth");
    }
    return new ConsentedBulkRequest(
        kind,
        h.requiredText("MedicalInstitutionCode"),
        h.text("ArbitraryFileIdentifier"),
        s.date("ConsentDateFrom"),
        s.date("ConsentDateTo"),
        s.date("ExaminationDateFrom"),
        s.date("ExaminationDateTo"),
        s.month("MedicalTreatmentMonth"),
        s.code("MedicalTreatmentFlag", MedicalTreatmentFlag.class),
        root.unknownSoFar());
  }

  private static ReferenceNumberRegistrationRequest registrationRequest(Node root)
      throws OqsFormatException {
    Node h = root.requiredChild(HEADER);
    Node b = root.requiredChild(BODY);
    return new ReferenceNumberRegistrationRequest(
        h.requiredText("MedicalInstitutionCode"),
        h.text("ArbitraryFileIdentifier"),
        Parts.registration(b.requiredChild(Parts.REGISTRATION)),
        root.unknownSoFar());
  }

  private static ReferenceNumberRegistrationResult registrationResult(Node root)
      throws OqsFormatException {
    ResultHeader header = Parts.header(root.requiredChild(HEADER));
    Node b = body(root);
    Optional<ReferenceNumberRegistration> echo = Optional.empty();
    Optional<Node> info = b.child(Parts.REGISTRATION);
    if (info.isPresent()) {
      echo = Optional.of(Parts.registration(info.get()));
    }
    return new ReferenceNumberRegistrationResult(
        header, Parts.processing(b), echo, b.text("ReferenceNumber"), root.unknownSoFar());
  }

  private static BulkReferenceNumberRegistrationRequest bulkRegistrationRequest(Node root)
      throws OqsFormatException {
    Node h = root.requiredChild(HEADER);
    Node b = root.requiredChild(BODY);
    List<ReferenceNumberRegistration> regs =
        b.requiredList(Parts.REGISTRATION, Parts::registration);
    return new BulkReferenceNumberRegistrationRequest(
        h.requiredText("MedicalInstitutionCode"),
        h.text("ArbitraryFileIdentifier"),
        regs,
        root.unknownSoFar());
  }

  private static BulkRegistrationResult bulkRegistrationResult(Node root)
      throws OqsFormatException {
    Node h = root.requiredChild(HEADER);
    h.require("ReceptionNumber");
    ResultHeader header = Parts.header(h);
    Node b = body(root);
    List<BulkRegistrationUnit> units = new ArrayList<>();
    for (Node u : b.list("BulkRegistrationUnit")) {
      Optional<ReferenceNumberRegistration> echo = Optional.empty();
      Optional<Node> info = u.child(Parts.REGISTRATION);
      if (info.isPresent()) {
        echo = Optional.of(Parts.registration(info.get()));
      }
      units.add(new BulkRegistrationUnit(echo, Parts.processing(u)));
    }
    return new BulkRegistrationResult(header, units, root.unknownSoFar());
  }

  private static MedicalInformationRequest medicalInformationRequest(MessageKind kind, Node root)
      throws OqsFormatException {
    Node h = root.requiredChild(HEADER);
    Node b = root.requiredChild(BODY);
    return new MedicalInformationRequest(
        kind,
        h.requiredText("MedicalInstitutionCode"),
        h.requiredInsurer("InsurerNumber"),
        h.text("InsuranceCardSymbol"),
        h.requiredText("InsuredPersonIdentificationNumber"),
        h.text("BranchNumber"),
        h.text("ArbitraryFileIdentifier"),
        b.month("StartDate"),
        b.month("EndDate"),
        b.text("FileCategory"),
        b.text("PrDiInfClassification"),
        b.code("MedicalTreatmentFlag", MedicalTreatmentFlag.class),
        root.unknownSoFar());
  }

  private static MedicalInformationResult medicalInformationResult(MessageKind kind, Node root) {
    return MedicalInformationResult.of(kind, root.element());
  }

  /** The body, or an empty one when a result carries none (e.g. an aborted result). */
  private static Node body(Node root) {
    return root.childOrEmpty(BODY);
  }

  private static Optional<QualificationSearch> optionalSearch(Node parent)
      throws OqsFormatException {
    Optional<Node> s = parent.child(Parts.SEARCH);
    return s.isPresent() ? Optional.of(Parts.search(s.get())) : Optional.empty();
  }
}
