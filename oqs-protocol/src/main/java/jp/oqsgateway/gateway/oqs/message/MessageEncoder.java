package jp.oqsgateway.gateway.oqs.message;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * Message-level encoding: record → {@code XmlMsg}; element order on output follows the §2 tables
 * and §5 samples.
 */
final class MessageEncoder {
  private static final String HEADER = Parts.HEADER;
  private static final String BODY = Parts.BODY;

  private MessageEncoder() {}

  static XmlElement encode(OqsMessage m, OqsCharset cs) {
    if (m instanceof SingleCheckRequest r) {
      return msg(
          requestHeader(
              r.qualificationConfirmationDate(),
              r.medicalInstitutionCode(),
              r.arbitraryFileIdentifier()),
          new Out().add(Parts.search(r.search(), r.medicalTreatmentFlag())).build(BODY));
    }
    if (m instanceof QualificationResultMessage r) {
      Out body = Parts.processing(new Out(), r.processing());
      body.code("QualificationValidity", r.qualificationValidity())
          .add(r.search().map(Parts::search).orElse(null));
      if (!r.results().isEmpty()) {
        body.add(XmlElement.of("ResultList", Parts.each(r.results())));
      }
      body.code("PrescriptionIssueSelect", r.prescriptionIssueSelect());
      return msg(Parts.header(r.header(), cs), body.build(BODY));
    }
    if (m instanceof BulkCheckRequest r) {
      List<XmlElement> searches = new ArrayList<>();
      r.searches().forEach(s -> searches.add(Parts.search(s)));
      return msg(
          requestHeader(
              r.qualificationConfirmationDate(),
              r.medicalInstitutionCode(),
              r.arbitraryFileIdentifier()),
          new Out().addAll(searches).build(BODY));
    }
    if (m instanceof ReceptionResult r) {
      Out body =
          new Out()
              .text("ReceptionNumber", r.receptionNumber())
              .text("ReceptionDateTime", r.receptionDateTime());
      return msg(Parts.header(r.header(), cs), Parts.processing(body, r.processing()).build(BODY));
    }
    if (m instanceof DownloadRequest r) {
      return msg(
          requestHeader(r.medicalInstitutionCode(), r.arbitraryFileIdentifier()),
          new Out().text("ReceptionNumber", r.receptionNumber()).build(BODY));
    }
    if (m instanceof BulkResult r) {
      List<XmlElement> units = new ArrayList<>();
      for (BulkConfirmUnit u : r.units()) {
        Out unit = new Out().add(u.search().map(Parts::search).orElse(null));
        u.referenceNumbers().forEach(n -> unit.text("ReferenceNumber", n));
        Parts.processing(unit, u.processing())
            .code("QualificationValidity", u.qualificationValidity())
            .addAll(Parts.each(u.results()));
        units.add(unit.build("BulkConfirmUnit"));
      }
      return msg(Parts.header(r.header(), cs), new Out().addAll(units).build(BODY));
    }
    if (m instanceof ConsentedBulkRequest r) {
      XmlElement search =
          new Out()
              .date("ConsentDateFrom", r.consentDateFrom())
              .date("ConsentDateTo", r.consentDateTo())
              .date("ExaminationDateFrom", r.examinationDateFrom())
              .date("ExaminationDateTo", r.examinationDateTo())
              .month("MedicalTreatmentMonth", r.medicalTreatmentMonth())
              .code("MedicalTreatmentFlag", r.medicalTreatmentFlag())
              .build(Parts.SEARCH);
      return msg(
          requestHeader(r.medicalInstitutionCode(), r.arbitraryFileIdentifier()),
          new Out().add(search).build(BODY));
    }
    if (m instanceof ReferenceNumberRegistrationRequest r) {
      return msg(
          requestHeader(r.medicalInstitutionCode(), r.arbitraryFileIdentifier()),
          new Out().add(Parts.registration(r.registration())).build(BODY));
    }
    if (m instanceof ReferenceNumberRegistrationResult r) {
      Out body = Parts.processing(new Out(), r.processing());
      body.add(r.registration().map(Parts::registration).orElse(null))
          .text("ReferenceNumber", r.referenceNumber());
      return msg(Parts.header(r.header(), cs), body.build(BODY));
    }
    if (m instanceof BulkReferenceNumberRegistrationRequest r) {
      List<XmlElement> infos = new ArrayList<>();
      r.registrations().forEach(x -> infos.add(Parts.registration(x)));
      return msg(
          requestHeader(r.medicalInstitutionCode(), r.arbitraryFileIdentifier()),
          new Out().addAll(infos).build(BODY));
    }
    if (m instanceof BulkRegistrationResult r) {
      List<XmlElement> units = new ArrayList<>();
      for (BulkRegistrationUnit u : r.units()) {
        Out unit = new Out().add(u.registration().map(Parts::registration).orElse(null));
        units.add(Parts.processing(unit, u.processing()).build("BulkRegistrationUnit"));
      }
      return msg(Parts.header(r.header(), cs), new Out().addAll(units).build(BODY));
    }
    if (m instanceof MedicalInformationRequest r) {
      // OQSDrug writes the symbol and branch elements even when empty; the terminal accepts it.
      return msg(
          new Out()
              .text("MedicalInstitutionCode", r.medicalInstitutionCode())
              .insurer("InsurerNumber", r.insurerNumber())
              .textOrEmpty("InsuranceCardSymbol", r.insuranceCardSymbol())
              .text("InsuredPersonIdentificationNumber", r.insuredPersonIdentificationNumber())
              .textOrEmpty("BranchNumber", r.branchNumber())
              .text("ArbitraryFileIdentifier", r.arbitraryFileIdentifier())
              .build(HEADER),
          new Out()
              .month("StartDate", r.startDate())
              .month("EndDate", r.endDate())
              .text("FileCategory", r.fileCategory())
              .text("PrDiInfClassification", r.prDiInfClassification())
              .code("MedicalTreatmentFlag", r.medicalTreatmentFlag())
              .build(BODY));
    }
    if (m instanceof MedicalInformationResult r) {
      return r.root();
    }
    throw new IllegalStateException("no encoder for " + m.getClass().getSimpleName());
  }

  private static XmlElement requestHeader(String institution, Optional<String> afi) {
    return requestHeader(null, institution, afi);
  }

  /** A request's header: the date asked about (left out when null), institution, file id. */
  private static XmlElement requestHeader(
      LocalDate confirmationDate, String institution, Optional<String> afi) {
    return new Out()
        .date("QualificationConfirmationDate", confirmationDate)
        .text("MedicalInstitutionCode", institution)
        .text("ArbitraryFileIdentifier", afi)
        .build(HEADER);
  }

  private static XmlElement msg(XmlElement header, XmlElement body) {
    return XmlElement.of("XmlMsg", header, body);
  }
}
