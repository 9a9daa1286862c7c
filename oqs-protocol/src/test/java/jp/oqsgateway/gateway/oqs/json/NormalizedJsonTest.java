package jp.oqsgateway.gateway.oqs.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import jp.oqsgateway.gateway.oqs.message.Samples;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import org.junit.jupiter.api.Test;

class NormalizedJsonTest {

  @Test
  void sampleOneShowsCodesWithLabelsAndIsoDates() throws Exception {
    JsonObject json = new JsonObject(NormalizedJson.of(Samples.read(Samples.SINGLE_RESULT)));
    JsonObject body = json.getJsonObject("xmlMsg").getJsonObject("messageBody");
    assertThat(body.getJsonObject("qualificationValidity"))
        .isEqualTo(new JsonObject().put("code", "2").put("label", "無効"));
    JsonObject result =
        body.getJsonObject("resultList")
            .getJsonArray("resultOfQualificationConfirmation")
            .getJsonObject(0);
    assertThat(result.getString("birthdate")).isEqualTo("1985-04-12");
    assertThat(result.getString("disqualificationDate")).isEqualTo("2025-05-01");
    assertThat(result.getJsonObject("reasonOfLoss").getString("label")).isEqualTo("その他");
    assertThat(result.getString("insurerNumber")).isEqualTo("06139984");
    assertThat(result.getString("name")).isEqualTo("見本　花子");
    assertThat(
            json.getJsonObject("xmlMsg")
                .getJsonObject("messageHeader")
                .getString("processExecutionTime"))
        .isEqualTo("2025-06-02T09:30:18");
  }

  @Test
  void ratiosArePercentMonthsAreIsoAndUnitsAreArrays() throws Exception {
    JsonObject json = new JsonObject(NormalizedJson.of(Samples.read(Samples.HOME_VISIT_RESULT)));
    var units =
        json.getJsonObject("xmlMsg").getJsonObject("messageBody").getJsonArray("bulkConfirmUnit");
    assertThat(units).hasSize(2);
    var second = units.getJsonObject(1);
    assertThat(second.getJsonArray("referenceNumber").getString(0)).isEqualTo("30012");
    var result = second.getJsonArray("resultOfQualificationConfirmation").getJsonObject(0);
    assertThat(result.getInteger("insuredPartialContributionRatio")).isEqualTo(20);
    assertThat(result.getJsonObject("pharmacistsInfoConsFlg").getString("label"))
        .isEqualTo("同意有効期限切れ");
    assertThat(
            json.getJsonObject("xmlMsg")
                .getJsonObject("messageHeader")
                .getInteger("numberOfProcessingResult"))
        .isEqualTo(2);
    JsonObject drug = new JsonObject(NormalizedJson.of(Samples.read(Samples.DRUG_REQUEST)));
    assertThat(drug.getJsonObject("xmlMsg").getJsonObject("messageBody").getString("startDate"))
        .isEqualTo("2024-12");
    assertThat(
            drug.getJsonObject("xmlMsg")
                .getJsonObject("messageHeader")
                .containsKey("insuranceCardSymbol"))
        .as("empty element is absent")
        .isFalse();
  }

  @Test
  void unknownCodesPaddedInsurersAndUnknownDocumentsAreShownAsIs() throws Exception {
    String xml =
        "<XmlMsg><MessageBody><QualificationValidity>X9</QualificationValidity>"
            + "<InsurerNumber>  139998</InsurerNumber><Whatever><Deep>1</Deep></Whatever>"
            + "<Birthdate>2025（カット）</Birthdate></MessageBody></XmlMsg>";
    JsonObject json =
        new JsonObject(NormalizedJson.of(new OqsXmlReader().parse("x.xml", xml.getBytes("UTF-8"))));
    JsonObject body = json.getJsonObject("xmlMsg").getJsonObject("messageBody");
    assertThat(body.getJsonObject("qualificationValidity"))
        .isEqualTo(new JsonObject().put("code", "X9").putNull("label").put("unknown", true));
    assertThat(body.getString("insurerNumber")).isEqualTo("139998");
    assertThat(body.getJsonObject("whatever").getString("deep")).isEqualTo("1");
    assertThat(body.getString("birthdate")).isEqualTo("2025（カット）");
  }

  @Test
  void elementNamesBecomeLowerCamelCase() {
    assertThat(NormalizedJson.key("InsuredCardClassification"))
        .isEqualTo("insuredCardClassification");
    assertThat(NormalizedJson.key("XmlMsg")).isEqualTo("xmlMsg");
    assertThat(NormalizedJson.key("MeTrMonthInf")).isEqualTo("meTrMonthInf");
    assertThat(NormalizedJson.key("Sex1")).isEqualTo("sex1");
  }
}
