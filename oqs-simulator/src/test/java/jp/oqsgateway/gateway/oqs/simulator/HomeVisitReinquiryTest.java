package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.simulator.SimulatorHarness.POPULATION;
import static jp.oqsgateway.gateway.oqs.simulator.SimulatorHarness.header;
import static jp.oqsgateway.gateway.oqs.simulator.SimulatorHarness.search;
import static jp.oqsgateway.gateway.oqs.simulator.SimulatorHarness.text;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
import org.junit.jupiter.api.Test;

/**
 * The home-visit re-inquiry (再照会) through the simulator's real folders, in both file forms: the
 * simulator's rules of {@link HomeVisitReinquiries} (today is 2025-06-02 10:00 JST).
 */
class HomeVisitReinquiryTest extends SimulatorHarnessTestBase {
  private static final LocalDate TODAY = LocalDate.of(2025, 6, 2);
  private static final String SIHVQ = "OQSsihvq01";
  private static final String SIQUC = "OQSsiquc01";

  private final SimulatedPerson patient = POPULATION.first("kouki:010");

  /** A re-inquiry for the patient as of a day, as {@code kind}, with that MedicalTreatmentFlag. */
  private ParsedDocument reinquire(String kind, LocalDate asOf, String flag) throws Exception {
    XmlElement search = search(patient, patient.coverageOn(TODAY).orElseThrow(), true, "1");
    List<XmlElement> children = new ArrayList<>(search.children());
    children.add(flag == null ? null : leaf("MedicalTreatmentFlag", flag));
    return h.send(
        kind,
        header(
            "QualificationConfirmationDate",
            OqsDates.date(asOf),
            "ArbitraryFileIdentifier",
            "HVQ-" + kind),
        of("MessageBody", of("QualificationConfirmSearchInfo", children)));
  }

  private void consentOn(LocalDate date) {
    h.sim.recordHomeVisitConsent(
        patient.id(), date, Set.of(ConsentScope.DRUG), CareMode.HOME_VISIT);
  }

  private static XmlElement onlyResult(ParsedDocument d) {
    List<XmlElement> results =
        d.root()
            .at("MessageBody", "ResultList")
            .orElseThrow()
            .children("ResultOfQualificationConfirmation");
    assertThat(results).hasSize(1);
    return results.get(0);
  }

  private static void assertRefused(ParsedDocument d, String code, String message) {
    assertThat(text(d, "MessageHeader", "SegmentOfResult")).isEqualTo("1");
    assertThat(text(d, "MessageBody", "ProcessingResultStatus")).isEqualTo("2");
    assertThat(text(d, "MessageBody", "ProcessingResultCode")).isEqualTo(code);
    assertThat(text(d, "MessageBody", "ProcessingResultMessage")).isEqualTo(message);
    assertThat(d.root().at("MessageBody", "ResultList")).isEmpty();
    assertThat(d.root().at("MessageBody", "QualificationValidity")).isEmpty();
  }

  @Test
  void aConsentedPersonIsAnsweredWithTheDrugConsentUntilTheWindowEnds() throws Exception {
    consentOn(LocalDate.of(2025, 5, 20));
    ParsedDocument d = reinquire(SIHVQ, TODAY, "2");

    assertThat(d.fileName()).startsWith("OQSsihvq01res_");
    assertThat(text(d, "MessageHeader", "ArbitraryFileIdentifier")).isEqualTo("HVQ-" + SIHVQ);
    assertThat(text(d, "MessageHeader", "ReferenceClassification")).isEqualTo("2");
    assertThat(text(d, "MessageHeader", "SegmentOfResult")).isEqualTo("1");
    assertThat(text(d, "MessageBody", "ProcessingResultStatus")).isEqualTo("1");
    assertThat(text(d, "MessageBody", "QualificationValidity")).isEqualTo("1");
    assertThat(text(d, "MessageBody", "QualificationConfirmSearchInfo", "MedicalTreatmentFlag"))
        .as("the search block is echoed as sent")
        .isEqualTo("2");
    XmlElement r = onlyResult(d);
    assertThat(r.text("Name")).contains(patient.name());
    assertThat(r.text("PharmacistsInfoConsFlg")).contains("1");
    assertThat(r.text("PharmacistsInfoConsTime")).contains("20250520100000");
    assertThat(r.text("PharmacistsInfoAvailableTime")).contains("20250831235959");
    assertThat(r.text("SpecificHealthCheckupsInfoConsFlg")).contains("0");
    assertThat(r.text("SpecificHealthCheckupsInfoAvailableTime")).isEmpty();
    assertThat(r.text("LimitApplicationCertificateRelatedConsFlg"))
        .as("the 限度額 flag the request sent")
        .contains("1");
    assertThat(r.text("ReferenceNumber")).isEmpty();
  }

  @Test
  void theAnswerCarriesTheRegisteredReferenceNumber() throws Exception {
    ParsedDocument reg =
        h.registerReferenceNumber(patient, patient.coverageOn(TODAY).orElseThrow(), "REG-1");
    assertThat(text(reg, "MessageBody", "ProcessingResultStatus")).isEqualTo("1");
    consentOn(LocalDate.of(2025, 5, 20));

    XmlElement r = onlyResult(reinquire(SIHVQ, TODAY, "2"));
    assertThat(r.text("ReferenceNumber")).contains(patient.chart().patientId());
  }

  @Test
  void aPersonWithoutAHomeVisitConsentCannotBeReinquired() throws Exception {
    h.sim.recordHomeVisitConsent(
        patient.id(), LocalDate.of(2025, 5, 20), Set.of(ConsentScope.DRUG), CareMode.ONLINE);
    assertRefused(
        reinquire(SIHVQ, TODAY, "2"),
        SimulatedErrors.NO_HOME_VISIT_CONSENT,
        SimulatedErrors.MSG_NO_HOME_VISIT_CONSENT);
  }

  @Test
  void aConsentGivenAfterTheDateAskedAboutDoesNotCountForIt() throws Exception {
    consentOn(LocalDate.of(2025, 6, 1));
    assertRefused(
        reinquire(SIHVQ, LocalDate.of(2025, 5, 30), "2"),
        SimulatedErrors.NO_HOME_VISIT_CONSENT,
        SimulatedErrors.MSG_NO_HOME_VISIT_CONSENT);
  }

  @Test
  void aWithdrawnConsentEndsTheReinquiry() throws Exception {
    consentOn(LocalDate.of(2025, 5, 20));
    assertThat(text(reinquire(SIHVQ, TODAY, "2"), "MessageBody", "ProcessingResultStatus"))
        .isEqualTo("1");
    h.sim.withdrawConsent(patient.id());
    assertRefused(
        reinquire(SIHVQ, TODAY, "2"),
        SimulatedErrors.NO_HOME_VISIT_CONSENT,
        SimulatedErrors.MSG_NO_HOME_VISIT_CONSENT);
  }

  @Test
  void aClosedWindowOrADateAskedAboutAfterItIsRefusedAsAnExpiredConsent() throws Exception {
    consentOn(LocalDate.of(2025, 2, 15)); // window until 2025-05-31 23:59:59, closed today
    assertRefused(
        reinquire(SIHVQ, LocalDate.of(2025, 5, 30), "2"),
        SimulatedErrors.HOME_VISIT_CONSENT_EXPIRED,
        SimulatedErrors.MSG_HOME_VISIT_CONSENT_EXPIRED);

    consentOn(LocalDate.of(2025, 5, 20)); // window until 2025-08-31 23:59:59
    assertRefused(
        reinquire(SIHVQ, LocalDate.of(2025, 9, 1), "2"),
        SimulatedErrors.HOME_VISIT_CONSENT_EXPIRED,
        SimulatedErrors.MSG_HOME_VISIT_CONSENT_EXPIRED);
  }

  @Test
  void theSiqucFormWithFlagTwoIsAnsweredAsAReinquiry() throws Exception {
    ParsedDocument refused = reinquire(SIQUC, TODAY, "2");
    assertThat(refused.fileName()).startsWith("OQSsiquc01res_");
    assertRefused(
        refused, SimulatedErrors.NO_HOME_VISIT_CONSENT, SimulatedErrors.MSG_NO_HOME_VISIT_CONSENT);

    consentOn(LocalDate.of(2025, 5, 20));
    XmlElement r = onlyResult(reinquire(SIQUC, TODAY, "2"));
    assertThat(r.text("PharmacistsInfoConsFlg")).contains("1");
    assertThat(r.text("PharmacistsInfoAvailableTime")).contains("20250831235959");
  }

  @Test
  void theSiqucFormWithoutTheFlagOrWithAnotherIsAnOrdinaryOutpatientCheck() throws Exception {
    consentOn(LocalDate.of(2025, 5, 20));
    for (String flag : new String[] {null, "1", "3"}) {
      ParsedDocument d = reinquire(SIQUC, TODAY, flag);
      assertThat(text(d, "MessageBody", "ProcessingResultStatus")).as(flag).isEqualTo("1");
      assertThat(text(d, "MessageBody", "QualificationValidity")).as(flag).isEqualTo("1");
      XmlElement r = onlyResult(d);
      assertThat(r.child("PharmacistsInfoConsFlg")).as(flag).isEmpty();
      assertThat(r.text("LimitApplicationCertificateRelatedConsFlg")).as(flag).contains("1");
    }
  }

  @Test
  void theNumbersOfAQualificationLostToANewInsurerAreAnsweredWithTheNewOne() throws Exception {
    // The insurer changed on 2025-05-16; the patient consented at home before, with the old card.
    SimulatedPerson changed = POPULATION.first("insurerChange");
    Coverage old = changed.coverageOn(LocalDate.of(2025, 5, 10)).orElseThrow();
    Coverage now = changed.coverageOn(TODAY).orElseThrow();
    assertThat(now.insurerNumber()).isNotEqualTo(old.insurerNumber());
    h.sim.recordHomeVisitConsent(
        changed.id(), LocalDate.of(2025, 5, 10), Set.of(ConsentScope.DRUG), CareMode.HOME_VISIT);

    ParsedDocument single = oldNumbers(changed, old, SIQUC, null);
    ParsedDocument reinquiry = oldNumbers(changed, old, SIHVQ, "2");

    assertThat(text(single, "MessageBody", "QualificationValidity"))
        .as("the single check: 無効（新しい資格あり）")
        .isEqualTo("3");
    assertThat(text(reinquiry, "MessageBody", "QualificationValidity")).isEqualTo("1");
    XmlElement r = onlyResult(reinquiry);
    assertThat(r.text("InsurerNumber")).contains(now.insurerNumber());
    assertThat(r.text("PharmacistsInfoConsFlg")).contains("1");
  }

  private ParsedDocument oldNumbers(SimulatedPerson p, Coverage c, String kind, String flag)
      throws Exception {
    List<XmlElement> children = new ArrayList<>(search(p, c, true, "0").children());
    children.add(flag == null ? null : leaf("MedicalTreatmentFlag", flag));
    return h.send(
        kind,
        header(
            "QualificationConfirmationDate", OqsDates.date(TODAY), "ArbitraryFileIdentifier", kind),
        of("MessageBody", of("QualificationConfirmSearchInfo", children)));
  }

  @Test
  void unknownNumbersAreAnsweredAsTheSingleCheckAnswersThem() throws Exception {
    SimulatedPerson nobody = POPULATION.first("notFound");
    XmlElement search = search(nobody, nobody.coverages().get(0), true, "0");
    List<XmlElement> children = new ArrayList<>(search.children());
    children.add(leaf("MedicalTreatmentFlag", "2"));
    ParsedDocument d =
        h.send(
            SIHVQ,
            header("QualificationConfirmationDate", "20250602"),
            of("MessageBody", of("QualificationConfirmSearchInfo", children)));
    assertThat(text(d, "MessageBody", "ProcessingResultStatus")).isEqualTo("1");
    assertThat(text(d, "MessageBody", "QualificationValidity")).isEqualTo("4");
    assertThat(d.root().at("MessageBody", "ResultList")).isEmpty();
  }

  @Test
  void anIncompleteReinquiryOrOneWithoutFlagTwoIsAnInvalidRequest() throws Exception {
    consentOn(LocalDate.of(2025, 5, 20));
    for (String flag : new String[] {null, "3"}) {
      ParsedDocument d = reinquire(SIHVQ, TODAY, flag);
      assertThat(text(d, "MessageHeader", "SegmentOfResult")).as(flag).isEqualTo("9");
      assertThat(text(d, "MessageHeader", "ErrorCode"))
          .as(flag)
          .isEqualTo(SimulatedErrors.INVALID_REQUEST);
    }
    ParsedDocument noDate =
        h.send(
            SIHVQ,
            header(),
            of(
                "MessageBody",
                of(
                    "QualificationConfirmSearchInfo",
                    leaf("InsurerNumber", "06139984"),
                    leaf("MedicalTreatmentFlag", "2"))));
    assertThat(text(noDate, "MessageHeader", "ErrorCode"))
        .isEqualTo(SimulatedErrors.INVALID_REQUEST);
  }
}
