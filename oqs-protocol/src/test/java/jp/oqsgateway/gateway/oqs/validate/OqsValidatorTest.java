package jp.oqsgateway.gateway.oqs.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import jp.oqsgateway.gateway.oqs.message.Samples;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OqsValidatorTest {

  static final String BROKEN =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <XmlMsg>
        <MessageHeader>
          <ProcessExecutionTime>20250602190412</ProcessExecutionTime>
          <MedicalInstitutionCode>1319876540</MedicalInstitutionCode>
          <ArbitraryFileIdentifier>123456789012345678901234567890123456789012345678901</ArbitraryFileIdentifier>
          <ReceptionNumber>20250602000000012399</ReceptionNumber>
          <SegmentOfResult>1</SegmentOfResult>
          <CharacterCodeIdentifier>1</CharacterCodeIdentifier>
        </MessageHeader>
        <MessageBody>
          <BulkConfirmUnit>
            <ProcessingResultStatus>1</ProcessingResultStatus>
            <QualificationValidity>7</QualificationValidity>
            <ResultOfQualificationConfirmation>
              <InsuredCardClassification>01</InsuredCardClassification>
              <InsurerNumber>39139993</InsurerNumber>
              <InsuredCardSymbol>12</InsuredCardSymbol>
              <InsuredIdentificationNumber>50987651</InsuredIdentificationNumber>
              <InsuredBranchNumber>01</InsuredBranchNumber>
              <Sex1>2</Sex1>
              <Birthdate>19400231</Birthdate>
              <InsuredPartialContributionRatio>1割</InsuredPartialContributionRatio>
              <InsurerName>東京都後期高齢者医療広域連合（架空）</InsurerName>
            </ResultOfQualificationConfirmation>
          </BulkConfirmUnit>
          <BulkConfirmUnit>
            <ProcessingResultStatus>1</ProcessingResultStatus>
            <ResultOfQualificationConfirmation>
              <InsuredCardClassification>01</InsuredCardClassification>
              <InsurerNumber>06139985</InsurerNumber>
              <Name>見本　正</Name>
              <Sex1>1</Sex1>
              <Birthdate>19350303</Birthdate>
              <InsurerName>見本</InsurerName>
            </ResultOfQualificationConfirmation>
          </BulkConfirmUnit>
        </MessageBody>
      </XmlMsg>
      """;

  @Test
  void everyProblemOfABrokenFileIsNamedNotJustTheFirst() throws Exception {
    var doc =
        new OqsXmlReader().parse("OQSmuhvq02res_1.xml", BROKEN.getBytes(StandardCharsets.UTF_8));
    String unit1 = "/XmlMsg/MessageBody/BulkConfirmUnit[1]";
    String result1 = unit1 + "/ResultOfQualificationConfirmation[1]";
    assertThat(OqsValidator.validate(doc))
        .extracting(Problem::toString)
        .contains(
            result1 + "/Name: is required",
            result1 + "/Birthdate: must be YYYYMMDD",
            result1
                + "/InsuredPartialContributionRatio: must be a 3-digit percentage such as 010, 020 or 030",
            unit1 + "/QualificationValidity: is not a code of OQSCD006 資格有効性",
            result1 + "/InsuredCardSymbol: must be absent for 後期高齢者 (法別39)",
            result1 + "/InsuredBranchNumber: must be absent for 後期高齢者 (法別39)",
            result1
                + "/InsuredIdentificationNumber: must be 8 digits with a valid check digit for 後期高齢者 (§4.1)",
            "/XmlMsg/MessageBody/BulkConfirmUnit[2]/ResultOfQualificationConfirmation[1]/InsurerNumber: check digit is wrong (§4.1)",
            "/XmlMsg/MessageHeader/ArbitraryFileIdentifier: must be at most 50 characters",
            "/XmlMsg/MessageHeader/CharacterCodeIdentifier: contradicts the declared encoding UTF-8 (expected 0)")
        .hasSize(10)
        .noneMatch(p -> p.contains("19400231") || p.contains("50987651") || p.contains("1割"));
  }

  @Test
  void anUnknownCodeNamesTheFieldAndItsTableButNeverTheValue() throws Exception {
    String sample =
        new String(Samples.read(Samples.SINGLE_RESULT).raw(), StandardCharsets.ISO_8859_1)
            .replace("<Sex1>2</Sex1>", "<Sex1>Q7X</Sex1>");
    var doc =
        new OqsXmlReader()
            .parse(Samples.SINGLE_RESULT, sample.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(OqsValidator.validate(doc))
        .extracting(Problem::toString)
        .singleElement()
        .satisfies(
            p ->
                assertThat(p)
                    .endsWith("/Sex1: is not a code of OQSCD007 性別")
                    .doesNotContain("Q7X"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        Samples.SINGLE_REQUEST, Samples.SINGLE_RESULT, Samples.FACE_RESULT,
        Samples.HOME_VISIT_REQUEST, Samples.HOME_VISIT_RECEPTION, Samples.HOME_VISIT_DOWNLOAD,
        Samples.HOME_VISIT_RESULT, Samples.DRUG_REQUEST
      })
  void everySampleIsValid(String name) throws Exception {
    assertThat(OqsValidator.validate(Samples.read(name))).as(name).isEmpty();
  }

  @Test
  void aDocumentOfUnknownLayoutIsOneProblemNotACrash() throws Exception {
    var doc = new OqsXmlReader().parse("x.xml", "<Foo/>".getBytes(StandardCharsets.UTF_8));
    assertThat(OqsValidator.validate(doc))
        .containsExactly(new Problem("/Foo", "layout not recognised"));
  }
}
