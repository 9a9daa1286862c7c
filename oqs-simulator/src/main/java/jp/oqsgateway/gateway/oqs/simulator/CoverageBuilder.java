package jp.oqsgateway.gateway.oqs.simulator;

import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link Coverage} under construction, field by field: the generator draws a qualification and
 * then derives certificates, card periods, losses and insurer changes from it, each changing a few
 * of its twenty fields. A new builder is an ordinary qualification registered in OQS without
 * certificates.
 */
final class CoverageBuilder {
  String cardClassification;
  String insurerNumber;
  String symbol;
  String number;
  String branch;
  String personalFamily;
  String insuredName;
  String insurerName;
  LocalDate qualificationDate;
  LocalDate issuanceDate;
  LocalDate validDate;
  LocalDate expirationDate;
  LocalDate disqualificationDate;
  String reasonOfLoss;
  String partialContributionRatio;
  Coverage.Elderly elderly;
  Coverage.LimitCertificate limit;
  List<Coverage.SpecificDisease> specificDiseases = List.of();
  Coverage.MedicalAid medicalAid;
  boolean registeredInOqs = true;

  /** The coverage with the fields {@code change} sets replaced. */
  static Coverage copy(Coverage c, Consumer<CoverageBuilder> change) {
    CoverageBuilder b = new CoverageBuilder();
    b.cardClassification = c.cardClassification();
    b.insurerNumber = c.insurerNumber();
    b.symbol = c.symbol();
    b.number = c.number();
    b.branch = c.branch();
    b.personalFamily = c.personalFamily();
    b.insuredName = c.insuredName();
    b.insurerName = c.insurerName();
    b.qualificationDate = c.qualificationDate();
    b.issuanceDate = c.issuanceDate();
    b.validDate = c.validDate();
    b.expirationDate = c.expirationDate();
    b.disqualificationDate = c.disqualificationDate();
    b.reasonOfLoss = c.reasonOfLoss();
    b.partialContributionRatio = c.partialContributionRatio();
    b.elderly = c.elderly();
    b.limit = c.limit();
    b.specificDiseases = c.specificDiseases();
    b.medicalAid = c.medicalAid();
    b.registeredInOqs = c.registeredInOqs();
    change.accept(b);
    return b.build();
  }

  Coverage build() {
    return new Coverage(
        cardClassification,
        insurerNumber,
        symbol,
        number,
        branch,
        personalFamily,
        insuredName,
        insurerName,
        qualificationDate,
        issuanceDate,
        validDate,
        expirationDate,
        disqualificationDate,
        reasonOfLoss,
        partialContributionRatio,
        elderly,
        limit,
        specificDiseases,
        medicalAid,
        registeredInOqs);
  }
}
