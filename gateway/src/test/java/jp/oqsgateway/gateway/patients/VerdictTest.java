package jp.oqsgateway.gateway.patients;

import static jp.oqsgateway.gateway.oqs.xml.XmlElement.leaf;
import static jp.oqsgateway.gateway.oqs.xml.XmlElement.of;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.bulk.BulkAnswers;
import jp.oqsgateway.gateway.oqs.bulk.BulkFamily;
import jp.oqsgateway.gateway.oqs.bulk.BulkOutcome;
import jp.oqsgateway.gateway.oqs.message.BulkRegistrationResult;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.ParsedDocument;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;
import jp.oqsgateway.gateway.patients.ReferenceRegistration.State;
import jp.oqsgateway.gateway.qualification.CheckFailure;
import org.junit.jupiter.api.Test;

/** What the terminal's answers to 照会番号 registrations come to, read through the typed codec. */
class VerdictTest {

  @Test
  void oqsRefusingTheWholeUploadFailsItWithOqsErrorCodeAndNoReceptionNumberIsNeeded() {
    XmlElement header =
        of(
            "MessageHeader",
            leaf("ProcessExecutionTime", "20261204101500"),
            leaf("MedicalInstitutionCode", "1312345678"),
            leaf("SegmentOfResult", "9"),
            leaf("ErrorCode", "EMUIMM01"),
            leaf("ErrorMessage", "rejected"),
            leaf("CharacterCodeIdentifier", "1"));

    BulkOutcome<String> reception = upload(doc("OQSmuimm01res_1.xml", of("XmlMsg", header)));

    assertThat(reception).isInstanceOf(BulkOutcome.Failed.class);
    Verdict failed = failed(reception);
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.failure()).contains(CheckFailure.OQS_ERROR);
    assertThat(failed.code()).contains("EMUIMM01");
    assertThat(failed.detail().orElseThrow()).startsWith("SegmentOfResult 9, ErrorCode EMUIMM01");
  }

  @Test
  void anAcceptedUploadWithoutItsReceptionNumberIsAnUnreadableResultNamingTheElement() {
    BulkOutcome<String> reception =
        upload(
            doc(
                "OQSmuimm01res_1.xml",
                of("XmlMsg", okHeader(), of("MessageBody", leaf("ProcessingResultStatus", "1")))));

    Verdict failed = failed(reception);
    assertThat(failed.failure()).contains(CheckFailure.INVALID_RESULT);
    assertThat(failed.detail().orElseThrow()).contains("ReceptionNumber");
  }

  @Test
  void bulkUnitsAreMatchedToTheirPatientsByReferenceNumberNotByOrder() {
    ReferenceRegistration first = row("K-1");
    ReferenceRegistration second = row("K-2");
    XmlElement answer =
        of(
            "XmlMsg",
            okHeader(leaf("ReceptionNumber", "20261204000000000001")),
            of(
                "MessageBody",
                unit(
                    "K-2", leaf("ProcessingResultStatus", "2"), leaf("ProcessingResultCode", "E1")),
                unit("K-1", leaf("ProcessingResultStatus", "1"))));

    var downloaded =
        (BulkOutcome.Answered<BulkRegistrationResult>)
            BulkAnswers.download(
                BulkFamily.MUIMM, UUID.randomUUID(), doc("OQSmuimm02res_1.xml", answer));
    List<Verdict> verdicts = Verdict.ofBulk(downloaded.result(), List.of(first, second));

    assertThat(verdicts.get(0).state()).isEqualTo(State.REGISTERED);
    assertThat(verdicts.get(1).state()).isEqualTo(State.FAILED);
    assertThat(verdicts.get(1).failure()).contains(CheckFailure.OQS_ERROR);
    assertThat(verdicts.get(1).code()).contains("E1");
  }

  @Test
  void aSingleAnswerWithoutProcessingStatusIsRegisteredAndARefusedOneIsNot() {
    Verdict unconfirmed =
        Verdict.ofSingle(doc("OQSsiimm01res_1.xml", of("XmlMsg", okHeader(), of("MessageBody"))));
    Verdict refused =
        Verdict.ofSingle(
            doc(
                "OQSsiimm01res_2.xml",
                of(
                    "XmlMsg",
                    okHeader(),
                    of(
                        "MessageBody",
                        leaf("ProcessingResultStatus", "2"),
                        leaf("ProcessingResultCode", "E2")))));

    assertThat(unconfirmed.state()).isEqualTo(State.REGISTERED);
    assertThat(refused.state()).isEqualTo(State.FAILED);
    assertThat(refused.detail().orElseThrow())
        .startsWith("ProcessingResultStatus 2, ProcessingResultCode E2");
  }

  /** The upload's answer as the generic bulk exchange reads it. */
  private static BulkOutcome<String> upload(ParsedDocument doc) {
    return BulkAnswers.reception(BulkFamily.MUIMM, UUID.randomUUID(), doc);
  }

  /** The verdict every row gets for an upload that gave no ReceptionNumber. */
  private static Verdict failed(BulkOutcome<String> reception) {
    return Verdict.ofBulkFailure(((BulkOutcome.Failed<String>) reception).failure());
  }

  private static XmlElement unit(String reference, XmlElement... status) {
    List<XmlElement> children = new ArrayList<>();
    children.add(
        of(
            "ReferenceNumberRegistrationInfo",
            leaf("ReferenceNumber", reference),
            leaf("InsurerNumber", "06139999"),
            leaf("InsuredIdentificationNumber", "1234"),
            leaf("InsuredBranchNumber", "01")));
    children.addAll(List.of(status));
    return of("BulkRegistrationUnit", children);
  }

  /** A header of a completed result, with {@code more} first. */
  private static XmlElement okHeader(XmlElement... more) {
    List<XmlElement> fields = new ArrayList<>(List.of(more));
    fields.add(leaf("ProcessExecutionTime", "20261204101500"));
    fields.add(leaf("MedicalInstitutionCode", "1312345678"));
    fields.add(leaf("SegmentOfResult", "1"));
    fields.add(leaf("CharacterCodeIdentifier", "1"));
    return of("MessageHeader", fields);
  }

  private static ParsedDocument doc(String name, XmlElement root) {
    return new ParsedDocument(name, root, OqsCharset.SHIFT_JIS, new byte[0]);
  }

  private static ReferenceRegistration row(String chartPatientId) {
    return ReferenceRegistration.waiting(
        Optional.of(UUID.randomUUID()),
        "bulk",
        chartPatientId,
        UUID.randomUUID(),
        Optional.empty());
  }
}
