package jp.oqsgateway.gateway.oqs.message;

import java.util.Optional;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * The kind of a document whose file name says nothing (renamed, or stored without its name),
 * guessed from the elements it holds. Ambiguous shapes resolve to the more common kind: a bulk
 * result of hvq/onq/tic cannot be told from a muquc one and is read as OQSmuquc02res [I]. A single
 * card-number search (request or echo) with MedicalTreatmentFlag 2 is read as the home-visit
 * re-inquiry OQSsihvq01 rather than its OQSsiquc01 form.
 */
final class KindGuess {
  private KindGuess() {}

  static Optional<MessageKind> of(XmlElement root) {
    XmlElement header = root.child("MessageHeader").orElse(XmlElement.of("MessageHeader"));
    XmlElement body = root.child("MessageBody").orElse(XmlElement.of("MessageBody"));
    if (!root.name().equals("XmlMsg")) {
      return Optional.empty();
    }
    if (header.child("InsuredPersonIdentificationNumber").isPresent()) {
      return Optional.of(
          body.child("StartDate").isPresent()
              ? MessageKind.YZK_SIQUC01_REQ
              : MessageKind.TKK_SIQUC01_REQ);
    }
    if (Trees.firstText(root, "ResultCode").isPresent()) {
      return Optional.of(MessageKind.YZK_SIQUC01_RES);
    }
    if (body.child("BulkConfirmUnit").isPresent()) {
      return Optional.of(MessageKind.OQS_MUQUC02_RES);
    }
    if (body.child("BulkRegistrationUnit").isPresent()) {
      return Optional.of(MessageKind.OQS_MUIMM02_RES);
    }
    boolean result = header.child("ProcessExecutionTime").isPresent();
    if (header.child("ReferenceClassification").isPresent()
        || body.child("ResultList").isPresent()) {
      boolean face =
          header.text("ReferenceClassification").map("1"::equals).orElse(false)
              && body.child(Parts.SEARCH).isEmpty();
      if (face) {
        return Optional.of(MessageKind.OQS_SIQUC01_FACE);
      }
      return Optional.of(
          body.child(Parts.SEARCH).map(KindGuess::homeVisitReinquiry).orElse(false)
              ? MessageKind.OQS_SIHVQ01_RES
              : MessageKind.OQS_SIQUC01_RES);
    }
    if (body.child("ReceptionNumber").isPresent()) {
      return Optional.of(result ? MessageKind.OQS_MUQUC01_RES : MessageKind.OQS_MUQUC02_REQ);
    }
    int registrations = body.children(Parts.REGISTRATION).size();
    if (registrations > 0) {
      if (result) {
        return Optional.of(MessageKind.OQS_SIIMM01_RES);
      }
      return Optional.of(
          registrations == 1 ? MessageKind.OQS_SIIMM01_REQ : MessageKind.OQS_MUIMM01_REQ);
    }
    int searches = body.children(Parts.SEARCH).size();
    if (searches > 0) {
      XmlElement s = body.child(Parts.SEARCH).orElseThrow();
      if (s.child("MedicalTreatmentMonth").isPresent()) {
        return Optional.of(MessageKind.OQS_MUTIC01_REQ);
      }
      if (searches == 1 && s.child("InsurerNumber").isPresent()) {
        return Optional.of(
            homeVisitReinquiry(s) ? MessageKind.OQS_SIHVQ01_REQ : MessageKind.OQS_SIQUC01_REQ);
      }
      if (s.child("MedicalTreatmentFlag").isPresent()
          || s.child("ConsentDateFrom").isPresent()
          || s.child("ExaminationDateFrom").isPresent()) {
        return Optional.of(
            s.text("MedicalTreatmentFlag").map("3"::equals).orElse(false)
                ? MessageKind.OQS_MUONQ01_REQ
                : MessageKind.OQS_MUHVQ01_REQ);
      }
      return Optional.of(searches == 1 ? MessageKind.OQS_SIQUC01_REQ : MessageKind.OQS_MUQUC01_REQ);
    }
    return Optional.empty();
  }

  /**
   * A card-number search with MedicalTreatmentFlag 2: a re-inquiry, read as the {@code OQSsihvq01}
   * form (the gateway's default; the {@code OQSsiquc01} form decodes to the same record).
   */
  private static boolean homeVisitReinquiry(XmlElement search) {
    return search.child("InsurerNumber").isPresent()
        && search.text("MedicalTreatmentFlag").map("2"::equals).orElse(false);
  }
}
