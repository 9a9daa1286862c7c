package jp.oqsgateway.gateway.oqs.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessageKindTest {

  @Test
  void aFileNameNamesItsKindWithOrWithoutDirectories() {
    assertThat(MessageKind.fromFileName("OQSsiquc01req_202506020001.xml"))
        .contains(MessageKind.OQS_SIQUC01_REQ);
    assertThat(MessageKind.fromFileName("C:\\OQS\\res\\OQSmuhvq02res_202506020007.zip"))
        .contains(MessageKind.OQS_MUHVQ02_RES);
    assertThat(MessageKind.fromFileName("/x/res/YZKsiquc01res_02.pdf"))
        .contains(MessageKind.YZK_SIQUC01_RES);
    assertThat(MessageKind.fromFileName("OQSsiquc01req_1.pdf")).isEmpty();
    assertThat(MessageKind.fromFileName("OQSsihvq01req_1.xml"))
        .as("layout reconstructed, see SingleCheckRequest")
        .contains(MessageKind.OQS_SIHVQ01_REQ);
    assertThat(MessageKind.fromFileName("OQSsionq01req_1.xml")).as("layout unknown").isEmpty();
    assertThat(MessageKind.fromFileName("OQSsiquc01req_.xml")).isEmpty();
  }

  @Test
  void onlyTheAuthoritativeFaceNameShapeIsAFaceResult() {
    assertThat(
            MessageKind.fromFileName(
                "face/OQSsiquc01res_face_27142063864da5260a16de5a3d3ad7_20260929160112.xml"))
        .contains(MessageKind.OQS_SIQUC01_FACE);
    assertThat(MessageKind.fromFileName("OQSsiquc01res_face_abc_2026.xml")).isEmpty();
  }

  @Test
  void aRequestNameBecomesItsResultName() {
    assertThat(MessageKind.requestToResultName("OQSmuquc02req_202506020001.xml"))
        .isEqualTo("OQSmuquc02res_202506020001.xml");
    assertThat(MessageKind.requestToResultName("req/TKKsiquc01req_x.xml"))
        .isEqualTo("req/TKKsiquc01res_x.xml");
    assertThatThrownBy(() -> MessageKind.requestToResultName("OQSsiquc01res_1.xml"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theHomeVisitReinquiryIsASingleExchangeAnsweredUnderItsOwnPrefix() {
    assertThat(MessageKind.requestToResultName("OQSsihvq01req_202506020001.xml"))
        .isEqualTo("OQSsihvq01res_202506020001.xml");
    assertThat(MessageKind.OQS_SIHVQ01_REQ.resultKind()).contains(MessageKind.OQS_SIHVQ01_RES);
    assertThat(MessageKind.OQS_SIHVQ01_RES.requestKind()).contains(MessageKind.OQS_SIHVQ01_REQ);
    assertThat(MessageKind.OQS_SIHVQ01_REQ.isBulkPhase1()).isFalse();
    assertThat(MessageKind.OQS_SIHVQ01_REQ.isBulkPhase2()).isFalse();
    assertThat(MessageKind.OQS_SIHVQ01_RES.isPushed()).isFalse();
    assertThat(MessageKind.OQS_SIHVQ01_REQ.title()).isEqualTo("訪問診療等 再照会（単件） 要求");
    assertThat(MessageKind.fromFileName("OQSsihvq01res_1.zip")).isEmpty();
  }

  @Test
  void bulkPhasesAndTheirNextStepsAreKnown() {
    assertThat(MessageKind.OQS_MUTIC01_REQ.isBulkPhase1()).isTrue();
    assertThat(MessageKind.OQS_MUTIC01_RES.downloadRequestKind())
        .contains(MessageKind.OQS_MUTIC02_REQ);
    assertThat(MessageKind.OQS_MUIMM02_REQ.isBulkPhase2()).isTrue();
    assertThat(MessageKind.OQS_MUIMM02_REQ.resultKind()).contains(MessageKind.OQS_MUIMM02_RES);
    assertThat(MessageKind.OQS_SIQUC01_RES.requestKind()).contains(MessageKind.OQS_SIQUC01_REQ);
    assertThat(MessageKind.OQS_SIQUC01_FACE.requestKind()).isEmpty();
    assertThat(MessageKind.OQS_SIQUC01_FACE.isPushed()).isTrue();
    assertThat(MessageKind.OQS_SIQUC01_REQ.isBulkPhase1()).isFalse();
  }
}
