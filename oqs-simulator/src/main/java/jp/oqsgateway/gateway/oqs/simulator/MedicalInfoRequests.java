package jp.oqsgateway.gateway.oqs.simulator;

import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;

import java.time.Instant;
import java.util.List;
import jp.oqsgateway.gateway.oqs.simulator.Responder.Answer;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation.Match;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * Drug ({@code YZKsiquc01}) and health-check ({@code TKKsiquc01}) information: fictitious XML or a
 * PDF for the one person holding the card numbers, only while a consent allows viewing it;
 * otherwise a ResultCode 2 refusal.
 */
final class MedicalInfoRequests {
  private final SimulatedPopulation population;
  private final StateStore store;

  MedicalInfoRequests(SimulatedPopulation population, StateStore store) {
    this.population = population;
    this.store = store;
  }

  Answer answer(RequestName name, XmlElement root, Instant now) {
    XmlElement header = root.child("MessageHeader").orElse(of("MessageHeader"));
    XmlElement body = root.child("MessageBody").orElse(of("MessageBody"));
    boolean drug = name.kind().startsWith("YZK");
    List<Match> found =
        population.byNumbers(
            header.rawText("InsurerNumber").orElse(""),
            header.text("InsuranceCardSymbol").orElse(null),
            header.text("InsuredPersonIdentificationNumber").orElse(""),
            header.text("BranchNumber").orElse(null));
    if (found.size() != 1) {
      return Responder.xml(name, refusal(header, SimulatedErrors.MSG_NOT_FOUND));
    }
    SimulatedPerson p = found.get(0).person();
    String flag = body.text("MedicalTreatmentFlag").orElse("1");
    if (!consentAllows(p.id(), flag, drug, now)) {
      return Responder.xml(name, refusal(header, SimulatedErrors.MSG_NO_CONSENT));
    }
    if ("1".equals(body.text("FileCategory").orElse("2"))) {
      return new Answer(name.resultName(".pdf"), null, FictitiousMedicalInfo.pdf(drug), false);
    }
    return Responder.xml(
        name,
        drug
            ? FictitiousMedicalInfo.drug(p, header, now)
            : FictitiousMedicalInfo.checkup(p, header, now));
  }

  /**
   * Flag 1 and not expired: outpatient = last face reading + 24 h; 2/3 = home-visit/online consent.
   */
  private boolean consentAllows(String personId, String treatmentFlag, boolean drug, Instant now) {
    SimulatorState state = store.read();
    CareMode mode = CareMode.ofFlag(treatmentFlag);
    if (mode == null) {
      SimulatorState.FaceReading face = state.faceReadings.get(personId);
      if (face == null || !now.isBefore(face.at().plusSeconds(24 * 3600))) {
        return false;
      }
      return drug ? face.consents().pharmacists() : face.consents().checkups();
    }
    HomeVisitConsent c = state.consents.get(SimulatorState.consentKey(personId, mode));
    if (c == null || c.withdrawn() || c.expiredAt(now)) {
      return false;
    }
    return c.scope().contains(drug ? ConsentScope.DRUG : ConsentScope.CHECKUP);
  }

  private static XmlElement refusal(XmlElement header, String message) {
    return of(
        "XmlMsg",
        of(
            "MessageHeader",
            ResultHeaders.echo(header, "MedicalInstitutionCode"),
            ResultHeaders.echoIdentifier(header),
            leaf("ResultCode", "2"),
            leaf("MessageContents", message)));
  }
}
