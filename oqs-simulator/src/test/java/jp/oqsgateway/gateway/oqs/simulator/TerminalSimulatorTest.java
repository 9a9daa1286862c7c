package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.simulator.SimulatorHarness.NOW;
import static jp.oqsgateway.gateway.oqs.simulator.SimulatorHarness.POPULATION;
import static jp.oqsgateway.gateway.oqs.simulator.SimulatorHarness.header;
import static jp.oqsgateway.gateway.oqs.simulator.SimulatorHarness.search;
import static jp.oqsgateway.gateway.oqs.simulator.SimulatorHarness.text;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
import org.junit.jupiter.api.Test;

class TerminalSimulatorTest extends SimulatorHarnessTestBase {
  private static final LocalDate TODAY = LocalDate.of(2025, 6, 2);

  /** Checks the person's first coverage today, with {@code consent} as the limit consent flag. */
  private ParsedDocument checkFirstCoverage(SimulatedPerson p, String consent) throws Exception {
    return h.check(p, p.coverages().get(0), TODAY, consent);
  }

  private static String validity(ParsedDocument d) {
    return text(d, "MessageBody", "QualificationValidity");
  }

  private static List<XmlElement> results(ParsedDocument d) {
    return d.root()
        .at("MessageBody", "ResultList")
        .map(r -> r.children("ResultOfQualificationConfirmation"))
        .orElse(List.of());
  }

  @Test
  void aSingleCheckIsAnsweredValidWithTheElderlyRatioAndEchoes() throws Exception {
    SimulatedPerson p = POPULATION.first("limit:B01");
    String name =
        h.send(
            "OQSsiquc01",
            of(
                "XmlMsg",
                header(
                    "QualificationConfirmationDate",
                    "20250602",
                    "ArbitraryFileIdentifier",
                    "GW-echo-1"),
                of("MessageBody", search(p, p.coverages().get(0), true, "1"))));
    ParsedDocument d = h.await(name);
    assertThat(Files.exists(h.req().resolve(name))).isFalse();
    assertThat(text(d, "MessageHeader", "ArbitraryFileIdentifier")).isEqualTo("GW-echo-1");
    assertThat(text(d, "MessageHeader", "MedicalInstitutionCode")).isEqualTo("1319876540");
    assertThat(text(d, "MessageHeader", "ReferenceClassification")).isEqualTo("2");
    assertThat(text(d, "MessageHeader", "SegmentOfResult")).isEqualTo("1");
    assertThat(validity(d)).isEqualTo("1");
    XmlElement r = results(d).get(0);
    assertThat(
            r.at("ElderlyRecipientCertificateInfo", "ElderlyRecipientContributionRatio")
                .orElseThrow()
                .text())
        .isEqualTo("030");
    assertThat(r.text("Name")).contains(p.name());
    assertThat(r.rawText("InsurerNumber")).contains(p.coverages().get(0).paddedInsurerNumber());
  }

  @Test
  void aLostPersonIsAnsweredInvalidWithReasonOfLossAndDisqualificationDate() throws Exception {
    SimulatedPerson p = POPULATION.first("loss:01");
    ParsedDocument d = checkFirstCoverage(p, "1");
    assertThat(validity(d)).isEqualTo("2");
    XmlElement r = results(d).get(0);
    assertThat(r.text("ReasonOfLoss")).contains("01");
    assertThat(r.text("DisqualificationDate"))
        .contains(OqsDates.date(p.coverages().get(0).disqualificationDate()));
  }

  @Test
  void theOldInsurerAnswersInvalidWithNewQualificationAndTheNewOneValid() throws Exception {
    SimulatedPerson p = POPULATION.first("insurerChange");
    ParsedDocument old = checkFirstCoverage(p, "0");
    assertThat(validity(old)).isEqualTo("3");
    assertThat(results(old).get(0).text("ReasonOfLoss")).contains("03");
    ParsedDocument now = h.check(p, p.coverages().get(1), TODAY, "0");
    assertThat(validity(now)).isEqualTo("1");
  }

  @Test
  void unknownNumbersAreAnsweredNoQualificationWithoutAResultList() throws Exception {
    SimulatedPerson p = POPULATION.first("notFound");
    ParsedDocument d = checkFirstCoverage(p, "1");
    assertThat(validity(d)).isEqualTo("4");
    assertThat(d.root().at("MessageBody", "ResultList")).isEmpty();
  }

  @Test
  void twinsAskedWithoutBranchNumberAreMultipleMatches() throws Exception {
    SimulatedPerson twin = POPULATION.first("multiple");
    ParsedDocument d =
        h.send(
            "OQSsiquc01",
            header("QualificationConfirmationDate", "20250602"),
            of("MessageBody", search(twin, twin.coverages().get(0), false, "0")));
    assertThat(validity(d)).isEqualTo("5");
    assertThat(results(d)).hasSize(2);
    ParsedDocument one = checkFirstCoverage(twin, "0");
    assertThat(validity(one)).isEqualTo("1");
  }

  @Test
  void limitCertificateInformationComesOnlyWithConsentFlagOne() throws Exception {
    SimulatedPerson p = POPULATION.first("limit:A01");
    ParsedDocument without = checkFirstCoverage(p, "0");
    assertThat(results(without).get(0).child("LimitApplicationCertificateRelatedInfo")).isEmpty();
    ParsedDocument with = checkFirstCoverage(p, "1");
    XmlElement info =
        results(with).get(0).child("LimitApplicationCertificateRelatedInfo").orElseThrow();
    assertThat(info.text("LimitApplicationCertificateClassificationFlag")).contains("A01");
    assertThat(info.text("LimitApplicationCertificateClassification")).contains("01");
  }

  @Test
  void aChangeOnTheTimelineIsVisibleByConfirmationDate() throws Exception {
    SimulatedPerson seventy = POPULATION.first("turns70");
    Coverage c = seventy.coverages().get(0);
    LocalDate from = c.elderly().from();
    assertThat(
            results(h.check(seventy, c, from.minusDays(1), "0"))
                .get(0)
                .child("ElderlyRecipientCertificateInfo"))
        .isEmpty();
    assertThat(
            results(h.check(seventy, c, from, "0")).get(0).child("ElderlyRecipientCertificateInfo"))
        .isPresent();

    SimulatedPerson p = POPULATION.first("turns75");
    LocalDate birthday = p.birthDate().plusYears(75);
    assertThat(
            text(
                h.check(p, p.coverages().get(0), birthday.minusDays(1), "0"),
                "MessageBody",
                "QualificationValidity"))
        .isEqualTo("1");
    assertThat(
            text(
                h.check(p, p.coverages().get(0), birthday, "0"),
                "MessageBody",
                "QualificationValidity"))
        .isEqualTo("3");
    ParsedDocument kouki = h.check(p, p.coverages().get(1), birthday, "0");
    assertThat(validity(kouki)).isEqualTo("1");
    assertThat(results(kouki).get(0).text("InsuredPartialContributionRatio")).contains("010");
  }

  private String bulkUpload(SimulatedPerson... persons) throws Exception {
    XmlElement[] infos = new XmlElement[persons.length];
    for (int i = 0; i < persons.length; i++) {
      SimulatedPerson p = persons[i];
      infos[i] = search(p, p.coverages().get(p.coverages().size() - 1), true, "1");
    }
    ParsedDocument up =
        h.send(
            "OQSmuquc01",
            header(
                "QualificationConfirmationDate", "20250602", "ArbitraryFileIdentifier", "BULK-1"),
            of("MessageBody", infos));
    assertThat(text(up, "MessageHeader", "ArbitraryFileIdentifier")).isEqualTo("BULK-1");
    String number = text(up, "MessageBody", "ReceptionNumber");
    assertThat(number).matches("20250602[0-9]{12}");
    return number;
  }

  @Test
  void bulkUploadGivesAReceptionNumberAndTheDownloadGivesTheUnits() throws Exception {
    String number =
        bulkUpload(
            POPULATION.first("limit:B09"),
            POPULATION.first("loss:99"),
            POPULATION.first("notFound"));
    ParsedDocument down =
        h.send("OQSmuquc02", header(), of("MessageBody", leaf("ReceptionNumber", number)));
    assertThat(text(down, "MessageHeader", "ReceptionNumber")).isEqualTo(number);
    assertThat(text(down, "MessageHeader", "ArbitraryFileIdentifier")).isEqualTo("BULK-1");
    assertThat(text(down, "MessageHeader", "NumberOfProcessingResult")).isEqualTo("3");
    List<XmlElement> units =
        down.root().at("MessageBody").orElseThrow().children("BulkConfirmUnit");
    assertThat(units)
        .extracting(u -> u.text("QualificationValidity").orElse(""))
        .containsExactly("1", "2", "4");
    assertThat(
            units
                .get(0)
                .at("QualificationConfirmSearchInfo", "ArbitraryIdentifier")
                .orElseThrow()
                .text())
        .isEqualTo(POPULATION.first("limit:B09").chart().patientId());
  }

  @Test
  void anUnknownReceptionNumberIsAnAbnormalEndWithAnError() throws Exception {
    ParsedDocument d =
        h.send(
            "OQSmuquc02",
            header(),
            of("MessageBody", leaf("ReceptionNumber", "20250602999999999999")));
    assertThat(text(d, "MessageHeader", "SegmentOfResult")).isEqualTo("9");
    assertThat(text(d, "MessageHeader", "ErrorCode")).isNotBlank();
    assertThat(text(d, "MessageHeader", "ErrorMessage")).isNotBlank();
  }

  @Test
  void aRegisteredReferenceNumberComesBackInTheNextFaceFile() throws Exception {
    SimulatedPerson p = POPULATION.first("kouki:030");
    Coverage c = p.coverageOn(TODAY).orElseThrow();
    ParsedDocument reg = h.registerReferenceNumber(p, c, "REG-1");
    assertThat(text(reg, "MessageBody", "ProcessingResultStatus")).isEqualTo("1");
    Path face = h.sim.simulateCardReading(p.id(), NOW);
    String name = face.getFileName().toString();
    assertThat(name).matches("OQSsiquc01res_face_1319876540[0-9a-f]{20}_20250602100000\\.xml");
    ParsedDocument d = new jp.oqsgateway.gateway.oqs.xml.OqsXmlReader().read(face);
    assertThat(text(d, "MessageHeader", "ReferenceClassification")).isEqualTo("1");
    assertThat(text(d, "MessageHeader", "ArbitraryFileIdentifier")).matches("[A-Za-z0-9+/=]{20}");
    assertThat(text(d, "MessageBody", "PrescriptionIssueSelect")).isIn("1", "2");
    XmlElement r = results(d).get(0);
    assertThat(r.text("ReferenceNumber")).contains(p.chart().patientId());
    if (p.consents().pharmacists()) {
      assertThat(r.text("PharmacistsInfoAvailableTime")).contains("20250603095956");
    }
  }

  private List<XmlElement> homeVisitUnits(String prefix, String flag, String from, String to)
      throws Exception {
    ParsedDocument up =
        h.send(
            prefix + "01",
            header("ArbitraryFileIdentifier", "HV-1"),
            of(
                "MessageBody",
                of(
                    "QualificationConfirmSearchInfo",
                    leaf("ConsentDateFrom", from),
                    leaf("ConsentDateTo", to),
                    leaf("MedicalTreatmentFlag", flag))));
    String number = text(up, "MessageBody", "ReceptionNumber");
    ParsedDocument down =
        h.send(prefix + "02", header(), of("MessageBody", leaf("ReceptionNumber", number)));
    assertThat(text(down, "MessageHeader", "SegmentOfResult")).isEqualTo("1");
    return down.root().at("MessageBody").orElseThrow().children("BulkConfirmUnit");
  }

  @Test
  void homeVisitConsentIsReturnedUntilWithdrawnAndExpiresAfterTheWindow() throws Exception {
    SimulatedPerson p = POPULATION.first("kouki:010");
    SimulatedPerson old = POPULATION.first("kouki:020");
    h.sim.recordHomeVisitConsent(
        p.id(),
        LocalDate.of(2025, 6, 1),
        Set.of(ConsentScope.DRUG, ConsentScope.CHECKUP),
        CareMode.HOME_VISIT);
    h.sim.recordHomeVisitConsent(
        old.id(), LocalDate.of(2025, 2, 15), Set.of(ConsentScope.DRUG), CareMode.HOME_VISIT);
    List<XmlElement> units = homeVisitUnits("OQSmuhvq", "2", "20250201", "20250602");
    assertThat(units).hasSize(2);
    XmlElement fresh =
        units.stream().filter(u -> u.toString().contains(p.name())).findFirst().orElseThrow();
    XmlElement r = fresh.child("ResultOfQualificationConfirmation").orElseThrow();
    assertThat(r.text("PharmacistsInfoConsFlg")).contains("1");
    assertThat(r.text("PharmacistsInfoAvailableTime")).contains("20250831235959");
    assertThat(r.text("DiagnosisInfoConsFlg")).contains("0");
    XmlElement expired =
        units.stream().filter(u -> u.toString().contains(old.name())).findFirst().orElseThrow();
    XmlElement e = expired.child("ResultOfQualificationConfirmation").orElseThrow();
    assertThat(e.text("PharmacistsInfoConsFlg")).contains("2");
    assertThat(e.text("PharmacistsInfoAvailableTime")).contains("20250531235959");

    h.sim.withdrawConsent(p.id());
    assertThat(homeVisitUnits("OQSmuhvq", "2", "20250201", "20250602")).hasSize(1);
    assertThat(homeVisitUnits("OQSmuonq", "3", "20250201", "20250602")).isEmpty();
  }

  @Test
  void medicalAidByTreatmentMonthCarriesTicketsAndUnregisteredIsValiditySix() throws Exception {
    ParsedDocument up =
        h.send(
            "OQSmutic01",
            header(),
            of(
                "MessageBody",
                of("QualificationConfirmSearchInfo", leaf("MedicalTreatmentMonth", "202506"))));
    ParsedDocument down =
        h.send(
            "OQSmutic02",
            header(),
            of("MessageBody", leaf("ReceptionNumber", text(up, "MessageBody", "ReceptionNumber"))));
    List<XmlElement> units =
        down.root().at("MessageBody").orElseThrow().children("BulkConfirmUnit");
    assertThat(units)
        .extracting(u -> u.text("QualificationValidity").orElse(""))
        .contains("1", "6");
    XmlElement withTicket =
        units.stream()
            .filter(u -> "1".equals(u.text("QualificationValidity").orElse("")))
            .findFirst()
            .orElseThrow();
    XmlElement r = withTicket.child("ResultOfQualificationConfirmation").orElseThrow();
    assertThat(r.text("InsuredCardClassification")).contains("A1");
    assertThat(r.rawText("InsurerNumber").orElseThrow()).startsWith("12");
    assertThat(
            r.at("PublicExpenseResultList", "MedicalTicketInfo", "MedicalTreatmentMonth")
                .orElseThrow()
                .text())
        .isEqualTo("202506");
  }

  @Test
  void drugInformationNeedsAnUnexpiredConsent() throws Exception {
    SimulatedPerson p =
        POPULATION.persons().stream()
            .filter(
                x ->
                    x.consents().pharmacists()
                        && x.coverageOn(TODAY).isPresent()
                        && !x.coverageOn(TODAY).get().isMedicalAid()
                        && !x.hasTag("multiple"))
            .findFirst()
            .orElseThrow();
    Coverage c = p.coverageOn(TODAY).orElseThrow();
    XmlElement yzkHeader =
        of(
            "MessageHeader",
            leaf("MedicalInstitutionCode", "1319876540"),
            leaf("InsurerNumber", c.paddedInsurerNumber()),
            leaf("InsuranceCardSymbol", c.symbol()),
            leaf("InsuredPersonIdentificationNumber", c.number()),
            leaf("BranchNumber", c.branch()),
            leaf("ArbitraryFileIdentifier", p.chart().patientId()));
    XmlElement body =
        of(
            "MessageBody",
            leaf("StartDate", "202412"),
            leaf("EndDate", "202506"),
            leaf("FileCategory", "2"),
            leaf("PrDiInfClassification", "1"),
            leaf("MedicalTreatmentFlag", "1"));
    ParsedDocument refused = h.send("YZKsiquc01", yzkHeader, body);
    assertThat(text(refused, "MessageHeader", "ResultCode")).isNotEqualTo("1");
    assertThat(text(refused, "MessageHeader", "MessageContents")).isNotBlank();
    h.sim.simulateCardReading(p.id(), NOW.minusSeconds(60));
    ParsedDocument ok = h.send("YZKsiquc01", yzkHeader, body);
    assertThat(text(ok, "MessageHeader", "ResultCode")).isEqualTo("1");
    assertThat(ok.root().at("MessageBody", "CzDiInf")).isPresent();
  }

  @Test
  void utf8AndShiftJisResultsDecodeNamesWithPlaceholders() throws Exception {
    SimulatedPerson p = POPULATION.first("gaiji");
    ParsedDocument sjis = checkFirstCoverage(p, "0");
    assertThat(sjis.charset()).isEqualTo(OqsCharset.SHIFT_JIS);
    assertThat(text(sjis, "MessageHeader", "CharacterCodeIdentifier")).isEqualTo("1");
    assertThat(results(sjis).get(0).text("Name")).contains(p.name());
    assertThat(p.name()).contains("●");
    h.close();
    h = new SimulatorHarness(root.resolve("utf8"), OqsCharset.UTF_8, false);
    SimulatedPerson cp = POPULATION.first("cp932");
    ParsedDocument utf8 = checkFirstCoverage(cp, "0");
    assertThat(utf8.charset()).isEqualTo(OqsCharset.UTF_8);
    assertThat(text(utf8, "MessageHeader", "CharacterCodeIdentifier")).isEqualTo("0");
    assertThat(results(utf8).get(0).text("Name")).contains(cp.name());
    assertThat(results(utf8).get(0).text("NameKana")).contains(cp.nameKana());
  }

  @Test
  void bulkResultsCanArriveAsZip() throws Exception {
    h.close();
    h = new SimulatorHarness(root.resolve("zip"), OqsCharset.SHIFT_JIS, true);
    String number = bulkUpload(POPULATION.first("limit:A02"));
    String name =
        h.send(
            "OQSmuquc02",
            of("XmlMsg", header(), of("MessageBody", leaf("ReceptionNumber", number))));
    ParsedDocument d = h.awaitZip(name);
    assertThat(d.fileName()).isEqualTo(SimulatorHarness.resultName(name));
    assertThat(d.root().at("MessageBody").orElseThrow().children("BulkConfirmUnit")).hasSize(1);
  }

  @Test
  void stateWrittenByTheCommandInAnotherInstanceIsSeenByTheRunningSimulator() throws Exception {
    SimulatedPerson p = POPULATION.first("kouki:030");
    var out = new java.io.ByteArrayOutputStream();
    int rc =
        SimCommand.run(
            new String[] {
              "consent",
              "--root",
              root.toString(),
              "--person",
              p.id(),
              "--date",
              "2025-06-01",
              "--scope",
              "drug,diagnosis",
              "--online"
            },
            new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
            System.err);
    assertThat(rc).isZero();
    List<XmlElement> units = homeVisitUnits("OQSmuonq", "3", "20250601", "20250602");
    assertThat(units).hasSize(1);
    assertThat(units.get(0).toString()).contains(p.name());
    assertThat(Files.exists(root.resolve(".simulator/state.json"))).isTrue();
    assertThat(
            SimCommand.run(
                new String[] {"persons", "--root", root.toString(), "--filter", "gaiji"},
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                System.err))
        .isZero();
    assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("P0");
  }

  @Test
  void runRefusesAPickupDelayOutsideItsRangeNamingTheOption() {
    var err = new java.io.ByteArrayOutputStream();
    int rc =
        SimCommand.run(
            new String[] {"run", "--root", root.toString(), "--pickup-delay", "-1"},
            System.out,
            new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("--pickup-delay must be 0 to 60000 milliseconds");
  }
}
