package jp.oqsgateway.gateway.oqs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.oqsgateway.gateway.cli.Cli;
import jp.oqsgateway.gateway.oqs.message.Samples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OqsCommandTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    return Cli.run(new OqsCommand(o, e), args, o, e);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void parsePrintsTheNormalizedJsonOfAFile() {
    assertThat(run("parse", Samples.path(Samples.SINGLE_RESULT).toString())).isZero();
    JsonObject json = new JsonObject(out());
    assertThat(
            json.getJsonObject("xmlMsg")
                .getJsonObject("messageBody")
                .getJsonObject("qualificationValidity")
                .getString("label"))
        .isEqualTo("無効");
    assertThat(out()).contains("\n  ");
  }

  @Test
  void validatePrintsOkForAGoodFileAndExitsZero() {
    assertThat(run("validate", Samples.path(Samples.FACE_RESULT).toString())).isZero();
    assertThat(out().strip()).isEqualTo("OK");
  }

  @Test
  void validatePrintsEachProblemOnItsOwnLineAndExitsOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("OQSsiquc01req_202506020009.xml");
    Files.writeString(
        file,
        "<XmlMsg><MessageHeader><MedicalInstitutionCode>1319876540</MedicalInstitutionCode>"
            + "</MessageHeader><MessageBody><QualificationConfirmSearchInfo>"
            + "<InsurerNumber>06139985</InsurerNumber><InsuredIdentificationNumber>1</InsuredIdentificationNumber>"
            + "<Birthdate>19850412</Birthdate><LimitApplicationCertificateRelatedConsFlg>1</LimitApplicationCertificateRelatedConsFlg>"
            + "</QualificationConfirmSearchInfo></MessageBody></XmlMsg>");
    assertThat(run("validate", file.toString())).isEqualTo(1);
    assertThat(out().strip().split("\n"))
        .containsExactly(
            "OQSsiquc01req_202506020009.xml: /XmlMsg/MessageHeader/QualificationConfirmationDate: is required",
            "OQSsiquc01req_202506020009.xml: /XmlMsg/MessageBody/QualificationConfirmSearchInfo/InsurerNumber: check digit is wrong (§4.1)");
  }

  @Test
  void badUsageExitsTwo() {
    assertThat(run()).isEqualTo(2);
    assertThat(run("frobnicate", "x")).isEqualTo(2);
    assertThat(run("parse")).isEqualTo(2);
    assertThat(err()).contains("usage: oqs parse FILE | oqs validate FILE");
  }

  @Test
  void aMalformedOrMissingFileExitsOneWithOneLine(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.xml"), "<XmlMsg><MessageHeader></XmlMsg>");
    assertThat(run("parse", bad.toString())).isEqualTo(1);
    assertThat(err().strip())
        .startsWith("bad.xml: ")
        .contains("malformed XML")
        .doesNotContain("\n");
    err.reset();
    assertThat(run("validate", dir.resolve("missing.xml").toString())).isEqualTo(1);
    assertThat(err().strip()).endsWith("missing.xml: no such file");
  }
}
