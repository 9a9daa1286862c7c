package jp.oqsgateway.gateway.oqs.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlWriter;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecodingToleranceTest {

  static String sample(String name) throws Exception {
    return new String(Files.readAllBytes(Samples.path(name)), OqsCharset.SHIFT_JIS.charset());
  }

  static ParsedDocument parse(String name, String xml) throws Exception {
    return new OqsXmlReader().parse(name, xml.getBytes(OqsCharset.SHIFT_JIS.charset()));
  }

  @Test
  void unknownCodesAndUnknownElementsAreKeptAndReportedNotFatal() throws Exception {
    String xml =
        sample(Samples.SINGLE_RESULT)
            .replace("<QualificationValidity>2<", "<QualificationValidity>X9<")
            .replace(
                "<SegmentOfResult>1</SegmentOfResult>",
                "<SegmentOfResult>1</SegmentOfResult><FutureHeader>a</FutureHeader>")
            .replace(
                "<ReasonOfLoss>99</ReasonOfLoss>",
                "<ReasonOfLoss>99</ReasonOfLoss><NewThing><Sub>1</Sub></NewThing>");
    var msg = (QualificationResultMessage) OqsCodec.decode(parse(Samples.SINGLE_RESULT, xml));
    assertThat(msg.qualificationValidity().orElseThrow().raw()).isEqualTo("X9");
    assertThat(msg.qualificationValidity().orElseThrow().isKnown()).isFalse();
    assertThat(msg.unknownElements())
        .extracting(UnknownElement::path)
        .containsExactly(
            "/XmlMsg/MessageHeader",
            "/XmlMsg/MessageBody/ResultList/ResultOfQualificationConfirmation[1]");
    assertThat(msg.unknownElements().get(1).element())
        .isEqualTo(XmlElement.of("NewThing", XmlElement.leaf("Sub", "1")));
  }

  @Test
  void elementsInShuffledOrderDecodeToTheSameMessage() throws Exception {
    ParsedDocument doc = Samples.read(Samples.HOME_VISIT_RESULT);
    OqsMessage expected = OqsCodec.decode(doc);
    Random random = new Random(42);
    for (int i = 0; i < 5; i++) {
      XmlElement shuffled = shuffle(doc.root(), random);
      byte[] bytes = OqsXmlWriter.write(shuffled, OqsCharset.UTF_8);
      assertThat(OqsCodec.decode(new OqsXmlReader().parse(doc.fileName(), bytes)))
          .isEqualTo(expected);
    }
  }

  private static XmlElement shuffle(XmlElement e, Random random) {
    if (e.children().isEmpty()) {
      return e;
    }
    List<XmlElement> children = new ArrayList<>();
    e.children().forEach(c -> children.add(shuffle(c, random)));
    // repeated elements keep their relative order: only distinct names move
    List<String> names =
        new ArrayList<>(children.stream().map(XmlElement::name).distinct().toList());
    Collections.shuffle(names, random);
    List<XmlElement> out = new ArrayList<>();
    names.forEach(n -> children.stream().filter(c -> c.name().equals(n)).forEach(out::add));
    return new XmlElement(e.name(), "", out, 0);
  }

  @Test
  void spaceAndZeroPaddedInsurerNumbersReadAsTheSameNumber() throws Exception {
    String base = sample(Samples.SINGLE_REQUEST);
    for (String padded : new String[] {"  139998", "00139998", "139998"}) {
      var req =
          (SingleCheckRequest)
              OqsCodec.decode(
                  parse(
                      Samples.SINGLE_REQUEST,
                      base.replace("<InsurerNumber>06139984<", "<InsurerNumber>" + padded + "<")));
      assertThat(req.search().insurerNumber()).isEqualTo(new InsurerNumber("139998"));
    }
  }

  @Test
  void aBadBirthDateNamesFilePathAndRuleButNotTheValue() throws Exception {
    String xml =
        sample(Samples.SINGLE_RESULT)
            .replace(
                "<Birthdate>19850412</Birthdate>\n        <Address>",
                "<Birthdate>198504（カット）</Birthdate>\n        <Address>");
    assertThatThrownBy(() -> OqsCodec.decode(parse("OQSsiquc01res_x.xml", xml)))
        .isInstanceOf(OqsFormatException.class)
        .hasMessage(
            "OQSsiquc01res_x.xml: /XmlMsg/MessageBody/ResultList/ResultOfQualificationConfirmation[1]/Birthdate: must be YYYYMMDD")
        .hasMessageNotContaining("198504");
  }

  @Test
  void aNonNumericRatioAndAMissingRequiredElementAreNamed() throws Exception {
    String badRatio =
        sample(Samples.HOME_VISIT_RESULT)
            .replace(
                "<InsuredPartialContributionRatio>010<", "<InsuredPartialContributionRatio>1割<");
    assertThatThrownBy(() -> OqsCodec.decode(parse(Samples.HOME_VISIT_RESULT, badRatio)))
        .hasMessageContaining(
            "/XmlMsg/MessageBody/BulkConfirmUnit[1]/ResultOfQualificationConfirmation[1]/InsuredPartialContributionRatio")
        .hasMessageContaining("3-digit percentage")
        .hasMessageNotContaining("1割");
    String noName = sample(Samples.FACE_RESULT).replace("<Name>標本　●男</Name>", "");
    assertThatThrownBy(() -> OqsCodec.decode(parse(Samples.FACE_RESULT, noName)))
        .isInstanceOf(OqsFormatException.class)
        .hasMessageEndingWith("ResultOfQualificationConfirmation[1]/Name: is required");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        Samples.SINGLE_REQUEST, Samples.SINGLE_RESULT, Samples.FACE_RESULT,
        Samples.HOME_VISIT_REQUEST, Samples.HOME_VISIT_RECEPTION, Samples.HOME_VISIT_DOWNLOAD,
        Samples.DRUG_REQUEST
      })
  void samplesWithoutTheirFileNamesAreRecognisedFromTheirContent(String name) throws Exception {
    ParsedDocument doc = Samples.read(name);
    ParsedDocument renamed = new OqsXmlReader().parse("renamed.xml", doc.raw());
    // the content cannot tell home-visit from plain bulk files: everything but the kind matches
    assertThat(OqsCodec.decode(renamed))
        .as(name)
        .usingRecursiveComparison()
        .ignoringFields("kind")
        .isEqualTo(OqsCodec.decode(doc));
  }

  @Test
  void aDocumentOfNoKnownLayoutIsRefusedByName() throws Exception {
    var doc = new OqsXmlReader().parse("x.xml", "<Other><A>1</A></Other>".getBytes());
    assertThatThrownBy(() -> OqsCodec.decode(doc))
        .hasMessage("x.xml: /Other: layout not recognised");
  }

  @Test
  void aCharacterCodeIdentifierIsWrittenForTheCharsetActuallyUsed() throws Exception {
    var res = OqsCodec.decode(Samples.read(Samples.SINGLE_RESULT));
    byte[] utf8 = OqsCodec.encode(res, OqsCharset.UTF_8);
    assertThat(new String(utf8, OqsCharset.UTF_8.charset()))
        .contains("encoding=\"UTF-8\"")
        .contains("<CharacterCodeIdentifier>0</CharacterCodeIdentifier>");
  }
}
