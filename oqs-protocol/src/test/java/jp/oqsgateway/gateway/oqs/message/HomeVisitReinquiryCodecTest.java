package jp.oqsgateway.gateway.oqs.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.LimitConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentFlag;
import jp.oqsgateway.gateway.oqs.validate.OqsValidator;
import jp.oqsgateway.gateway.oqs.validate.Problem;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
import org.junit.jupiter.api.Test;

/** The home-visit re-inquiry's reconstructed layout (OQS-PROTOCOL.md §2.7) in both file forms. */
class HomeVisitReinquiryCodecTest {
  private static final LocalDate DAY = LocalDate.of(2025, 6, 2);
  private static final QualificationSearch SEARCH =
      new QualificationSearch(
          InsurerNumber.parse("06139984").orElseThrow(),
          Optional.of("1234"),
          "567",
          Optional.of("02"),
          LocalDate.of(1985, 4, 12),
          Coded.of(LimitConsentFlag.CONSENTED),
          Optional.of("P-1"));

  private static ParsedDocument written(SingleCheckRequest r, String fileName) throws Exception {
    return new OqsXmlReader().parse(fileName, OqsCodec.encode(r, OqsCharset.SHIFT_JIS));
  }

  @Test
  void aReinquiryCarriesMedicalTreatmentFlagTwoAsTheLastChildOfTheSearch() throws Exception {
    SingleCheckRequest r =
        SingleCheckRequest.reinquiry(
            DAY, "1319876540", Optional.of("GW-1"), SEARCH, MessageKind.OQS_SIHVQ01_REQ);
    XmlElement search =
        written(r, "OQSsihvq01req_202506020001.xml")
            .root()
            .at("MessageBody", "QualificationConfirmSearchInfo")
            .orElseThrow();
    List<XmlElement> children = search.children();
    XmlElement last = children.get(children.size() - 1);
    assertThat(last.name()).isEqualTo("MedicalTreatmentFlag");
    assertThat(last.trimmedText()).isEqualTo("2");
    assertThat(r.kind()).isEqualTo(MessageKind.OQS_SIHVQ01_REQ);
    assertThat(r.isHomeVisitReinquiry()).isTrue();
  }

  @Test
  void bothFileFormsDecodeToTheRequestWithoutUnknownElements() throws Exception {
    for (String name :
        new String[] {"OQSsihvq01req_202506020001.xml", "OQSsiquc01req_202506020001.xml"}) {
      MessageKind kind = MessageKind.fromFileName(name).orElseThrow();
      SingleCheckRequest r =
          SingleCheckRequest.reinquiry(DAY, "1319876540", Optional.empty(), SEARCH, kind);
      OqsMessage decoded = OqsCodec.decode(written(r, name));
      assertThat(decoded).as(name).isEqualTo(r);
      assertThat(decoded.unknownElements()).as(name).isEmpty();
      assertThat(decoded.kind()).as(name).isEqualTo(kind);
    }
  }

  @Test
  void anOrdinaryCheckStaysAnOutpatientSiqucRequestWithoutTheFlag() throws Exception {
    SingleCheckRequest r = new SingleCheckRequest(DAY, "1319876540", Optional.empty(), SEARCH);
    assertThat(r.kind()).isEqualTo(MessageKind.OQS_SIQUC01_REQ);
    assertThat(r.medicalTreatmentFlag()).isEmpty();
    assertThat(r.isHomeVisitReinquiry()).isFalse();
    ParsedDocument doc = written(r, "OQSsiquc01req_202506020001.xml");
    assertThat(
            doc.root().at("MessageBody", "QualificationConfirmSearchInfo", "MedicalTreatmentFlag"))
        .isEmpty();
  }

  @Test
  void aSingleCheckRequestIsOnlyOneOfItsTwoFileKinds() {
    assertThatThrownBy(
            () ->
                SingleCheckRequest.reinquiry(
                    DAY, "1319876540", Optional.empty(), SEARCH, MessageKind.OQS_MUHVQ01_REQ))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new SingleCheckRequest(
                    MessageKind.OQS_SIHVQ01_RES,
                    DAY,
                    "1319876540",
                    Optional.empty(),
                    SEARCH,
                    Optional.empty(),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSihvqRequestWithoutTheFlagIsRefusedAndOneWithAnotherFlagIsAProblem() throws Exception {
    SingleCheckRequest outpatient =
        new SingleCheckRequest(DAY, "1319876540", Optional.empty(), SEARCH);
    ParsedDocument without =
        new OqsXmlReader()
            .parse(
                "OQSsihvq01req_202506020002.xml",
                OqsCodec.encode(outpatient, OqsCharset.SHIFT_JIS));
    assertThatThrownBy(() -> OqsCodec.decode(without))
        .isInstanceOf(OqsFormatException.class)
        .hasMessageContaining("QualificationConfirmSearchInfo/MedicalTreatmentFlag");

    SingleCheckRequest online =
        new SingleCheckRequest(
            MessageKind.OQS_SIHVQ01_REQ,
            DAY,
            "1319876540",
            Optional.empty(),
            SEARCH,
            Optional.of(Coded.of(MedicalTreatmentFlag.ONLINE)),
            List.of());
    assertThat(OqsValidator.validate(written(online, "OQSsihvq01req_202506020003.xml")))
        .containsExactly(
            new Problem(
                "/XmlMsg/MessageBody/QualificationConfirmSearchInfo/MedicalTreatmentFlag",
                "must be 2 (訪問診療等) in a home-visit re-inquiry"));
  }

  @Test
  void aNamelessReinquiryAndItsAnswerAreRecognisedByTheFlag() throws Exception {
    SingleCheckRequest r =
        SingleCheckRequest.reinquiry(
            DAY, "1319876540", Optional.empty(), SEARCH, MessageKind.OQS_SIQUC01_REQ);
    assertThat(OqsCodec.kindOf(written(r, "renamed.xml"))).contains(MessageKind.OQS_SIHVQ01_REQ);
    SingleCheckRequest plain = new SingleCheckRequest(DAY, "1319876540", Optional.empty(), SEARCH);
    assertThat(OqsCodec.kindOf(written(plain, "renamed.xml")))
        .contains(MessageKind.OQS_SIQUC01_REQ);

    String sample = DecodingToleranceTest.sample(Samples.SINGLE_RESULT);
    String echoEnd = "<ArbitraryIdentifier>PT000123</ArbitraryIdentifier>";
    ParsedDocument doc =
        DecodingToleranceTest.parse(
            "renamed.xml",
            sample.replaceFirst(
                echoEnd, echoEnd + "<MedicalTreatmentFlag>2</MedicalTreatmentFlag>"));
    assertThat(OqsCodec.kindOf(doc)).contains(MessageKind.OQS_SIHVQ01_RES);
    var decoded = (QualificationResultMessage) OqsCodec.decode(doc);
    var original =
        (QualificationResultMessage) OqsCodec.decode(Samples.read(Samples.SINGLE_RESULT));
    assertThat(decoded.search()).isEqualTo(original.search());
    // The result model has no place for the echoed flag: kept, as any element it does not hold.
    assertThat(decoded.unknownElements())
        .containsExactly(
            new UnknownElement(
                "/XmlMsg/MessageBody/QualificationConfirmSearchInfo",
                XmlElement.leaf("MedicalTreatmentFlag", "2")));
  }
}
