package jp.oqsgateway.gateway.oqs.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OqsXmlReaderTest {
  private static final Charset CP932 = Charset.forName("windows-31j");
  private final OqsXmlReader reader = new OqsXmlReader();

  private static final String RESULT =
      """
      <?xml version="1.0" encoding="Shift_JIS" standalone="no"?>
      <XmlMsg>
        <MessageHeader>
          <SegmentOfResult>1</SegmentOfResult>
          <FutureElement>kept</FutureElement>
        </MessageHeader>
        <MessageBody>
          <ResultList>
            <ResultOfQualificationConfirmation>
              <InsurerNumber>  139998</InsurerNumber>
              <Name>標本　●男</Name>
              <NameKana>ﾋｮｳﾎﾝ ｼｹﾞｵ</NameKana>
              <InsuredCardSymbol></InsuredCardSymbol>
            </ResultOfQualificationConfirmation>
          </ResultList>
        </MessageBody>
      </XmlMsg>
      """;

  @Test
  void aShiftJisResultIsDecodedAndReadByElementName() throws Exception {
    ParsedDocument doc = reader.parse("OQSsiquc01res_1.xml", RESULT.getBytes(CP932));
    assertThat(doc.charset()).isEqualTo(OqsCharset.SHIFT_JIS);
    XmlElement result =
        doc.root()
            .at("MessageBody", "ResultList", "ResultOfQualificationConfirmation")
            .orElseThrow();
    assertThat(result.text("Name")).contains("標本　●男");
    assertThat(result.text("NameKana")).contains("ﾋｮｳﾎﾝ ｼｹﾞｵ");
    assertThat(result.rawText("InsurerNumber")).contains("  139998");
    assertThat(result.text("InsurerNumber")).contains("139998");
    assertThat(result.text("InsuredCardSymbol")).as("empty element means absent").isEmpty();
    assertThat(doc.root().at("MessageHeader", "FutureElement").orElseThrow().text())
        .isEqualTo("kept");
    assertThat(doc.raw()).isEqualTo(RESULT.getBytes(CP932));
  }

  @Test
  void utf8WithAByteOrderMarkIsAccepted() throws Exception {
    String utf8 = RESULT.replace("Shift_JIS", "UTF-8");
    byte[] body = utf8.getBytes(StandardCharsets.UTF_8);
    byte[] withBom = new byte[body.length + 3];
    withBom[0] = (byte) 0xEF;
    withBom[1] = (byte) 0xBB;
    withBom[2] = (byte) 0xBF;
    System.arraycopy(body, 0, withBom, 3, body.length);
    ParsedDocument doc = reader.parse("x.xml", withBom);
    assertThat(doc.charset()).isEqualTo(OqsCharset.UTF_8);
    assertThat(
            doc.root()
                .at("MessageBody", "ResultList", "ResultOfQualificationConfirmation")
                .flatMap(r -> r.text("Name")))
        .contains("標本　●男");
  }

  @Test
  void bytesThatDoNotMatchTheDeclaredEncodingAreRefusedNamingTheFile() {
    byte[] utf8ButDeclaredSjis = RESULT.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> reader.parse("OQSsiquc01res_2.xml", utf8ButDeclaredSjis))
        .isInstanceOf(OqsXmlException.class)
        .hasMessageStartingWith("OQSsiquc01res_2.xml")
        .hasMessageContaining("not valid Shift_JIS");
  }

  @Test
  void anExternalEntityIsRefusedAndNothingIsRead(@TempDir Path dir) throws IOException {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET");
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file://"
            + secret
            + "\">]><XmlMsg><MessageHeader><ErrorMessage>&e;</ErrorMessage></MessageHeader></XmlMsg>";
    assertThatThrownBy(() -> reader.parse("xxe.xml", xxe.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(OqsXmlException.class)
        .hasMessageContaining("xxe.xml")
        .hasMessageContaining("DOCTYPE is not allowed")
        .hasMessageNotContaining("TOP-SECRET")
        .matches(e -> ((OqsXmlException) e).isRefused(), "refused, not merely malformed");
  }

  @Test
  void aBillionLaughsFileIsRefusedWithoutExpandingAnything() {
    StringBuilder bomb =
        new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for (int i = 1; i < 10; i++) {
      bomb.append("<!ENTITY lol")
          .append(i)
          .append(" \"")
          .append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
          .append("\">");
    }
    bomb.append("]><XmlMsg>&lol9;</XmlMsg>");
    assertThatThrownBy(
            () -> reader.parse("lol.xml", bomb.toString().getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(OqsXmlException.class)
        .hasMessageContaining("DOCTYPE is not allowed")
        .matches(e -> ((OqsXmlException) e).isRefused(), "refused, not merely malformed");
  }

  @Test
  void aHundredMegabyteFileIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
    Path huge = dir.resolve("OQSmuquc02res_huge.xml");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(100L * 1024 * 1024);
    }
    long heapBefore = usedHeap();
    assertThatThrownBy(() -> reader.read(huge))
        .isInstanceOf(OqsXmlException.class)
        .hasMessageContaining("OQSmuquc02res_huge.xml")
        .hasMessageContaining("larger than the limit")
        .matches(e -> ((OqsXmlException) e).isRefused(), "refused, not merely malformed");
    assertThat(usedHeap() - heapBefore).isLessThan(50L * 1024 * 1024);
  }

  @Test
  void malformedXmlNamesTheFileTheOpenElementsAndTheLine() {
    String broken =
        "<XmlMsg>\n<MessageHeader>\n<SegmentOfResult>1</Segment>\n</MessageHeader></XmlMsg>";
    assertThatThrownBy(() -> reader.parse("bad.xml", broken.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(OqsXmlException.class)
        .hasMessage(
            "bad.xml: /XmlMsg/MessageHeader/SegmentOfResult, line 3, column 21:"
                + " malformed XML (not well-formed)")
        .matches(e -> !((OqsXmlException) e).isRefused(), "may still be being written");
  }

  private static final String NAME = "榊原葵衣";
  private static final String NUMBER = "4711235813";

  /**
   * The JDK's parser quotes the text around a mistake in its messages ("The reference to entity
   * "葵衣" must end with the ';' delimiter"); those messages reach logs, exchange errors and job
   * items, so none of it may appear: the file, where, and a fixed rule only.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "an unescaped ampersand | <Name>榊原&葵衣</Name><Number>4711235813</Number>",
        "an ampersand before the number | <Name>榊原葵衣 &4711235813</Name>",
        "an undeclared entity | <Name>&榊原葵衣;</Name><Number>&n4711235813;</Number>",
        "an end tag that does not match | <Name>榊原葵衣 4711235813</Nam>",
        "a stray < before text | <Name>榊原<葵衣>4711235813</Name>",
        "a stray < before the number | <Name>榊原葵衣<4711235813</Name>",
        "text as an unquoted attribute | <Name 榊原葵衣=4711235813>x</Name>",
        "an element left open at the end | <Name>榊原葵衣 4711235813",
        "an invalid character | <Name>榊原葵衣{CTRL} 4711235813</Name>",
        "text after the root | </ResultList></MessageBody></XmlMsg>榊原葵衣 4711235813<x>",
      })
  void noErrorQuotesTheDocumentNotEvenThroughTheParsersMessage(String what, String inside) {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<XmlMsg><MessageBody><ResultList>\n"
            + inside.replace("{CTRL}", String.valueOf((char) 1))
            + (inside.startsWith("</") ? "" : "\n</ResultList></MessageBody></XmlMsg>");
    for (OqsCharset cs : OqsCharset.values()) {
      byte[] bytes = xml.replace("UTF-8", cs.declaredName()).getBytes(cs.charset());
      assertThatThrownBy(() -> reader.parse("OQSsiquc01res_202506020001.xml", bytes))
          .as(what + " in " + cs)
          .isInstanceOf(OqsXmlException.class)
          .hasMessageStartingWith("OQSsiquc01res_202506020001.xml: ")
          .hasMessageContaining("line ")
          .hasMessageNotContaining("榊原")
          .hasMessageNotContaining("葵衣")
          .hasMessageNotContaining(NUMBER)
          .hasMessageNotContaining("Message:")
          .satisfies(e -> assertThat(e.getCause()).isNull())
          .satisfies(e -> System.out.println(what + " (" + cs + "): " + e.getMessage()));
    }
  }

  @Test
  void aDeeplyNestedFileIsRefused() {
    String deep = "<a>".repeat(40) + "</a>".repeat(40);
    assertThatThrownBy(() -> reader.parse("deep.xml", deep.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("nested deeper than")
        .matches(e -> ((OqsXmlException) e).isRefused(), "refused, not merely malformed");
  }

  @Test
  void theWriterRefusesACharacterShiftJisCannotCarryNamingTheFieldNotTheText() {
    XmlElement doc =
        XmlElement.of("XmlMsg", XmlElement.of("MessageBody", XmlElement.leaf("Name", "髙橋　𠮷郎")));
    assertThatThrownBy(() -> OqsXmlWriter.write(doc, OqsCharset.SHIFT_JIS))
        .isInstanceOf(UnencodableTextException.class)
        .hasMessageStartingWith("/XmlMsg/MessageBody/Name: character U+20BB7")
        .hasMessageNotContaining("郎");
  }

  @Test
  void theEncodabilityCheckRefusesExactlyWhatTheWriterRefuses() throws Exception {
    XmlElement bad =
        XmlElement.of("XmlMsg", XmlElement.of("MessageBody", XmlElement.leaf("Name", "𠮷田")));
    assertThatThrownBy(() -> OqsXmlWriter.requireEncodable(bad, OqsCharset.SHIFT_JIS))
        .isInstanceOf(UnencodableTextException.class)
        .hasMessageStartingWith("/XmlMsg/MessageBody/Name: character U+20BB7");
    OqsXmlWriter.requireEncodable(bad, OqsCharset.UTF_8);
  }

  @Test
  void whatTheWriterWritesTheReaderReadsBackIdentically() throws Exception {
    XmlElement doc =
        XmlElement.of(
            "XmlMsg",
            XmlElement.of(
                "MessageHeader",
                XmlElement.leaf("MedicalInstitutionCode", "1319876540"),
                XmlElement.leaf("ArbitraryFileIdentifier", "a<b&c>")),
            XmlElement.of("MessageBody", XmlElement.leaf("InsurerNumber", "  139998")));
    for (OqsCharset cs : OqsCharset.values()) {
      ParsedDocument back = reader.parse("rt.xml", OqsXmlWriter.write(doc, cs));
      assertThat(back.charset()).isEqualTo(cs);
      assertThat(back.root().at("MessageHeader").flatMap(h -> h.text("ArbitraryFileIdentifier")))
          .contains("a<b&c>");
      assertThat(back.root().at("MessageBody").flatMap(b -> b.rawText("InsurerNumber")))
          .contains("  139998");
    }
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }
}
