package jp.oqsgateway.gateway.oqs.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import jp.oqsgateway.gateway.oqs.codes.ConsentFlag;
import jp.oqsgateway.gateway.oqs.codes.LimitCertificateCategory;
import jp.oqsgateway.gateway.oqs.codes.MedicalTreatmentFlag;
import jp.oqsgateway.gateway.oqs.codes.PrescriptionIssueSelect;
import jp.oqsgateway.gateway.oqs.codes.QualificationValidity;
import jp.oqsgateway.gateway.oqs.codes.ReasonOfLoss;
import jp.oqsgateway.gateway.oqs.codes.ReferenceClassification;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import org.junit.jupiter.api.Test;

class SampleDecodingTest {

  @Test
  void sampleOneRequestIsASingleCheckWithItsSearchBlock() throws Exception {
    SingleCheckRequest req =
        (SingleCheckRequest) OqsCodec.decode(Samples.read(Samples.SINGLE_REQUEST));
    assertThat(req.qualificationConfirmationDate()).isEqualTo(LocalDate.of(2025, 6, 2));
    assertThat(req.medicalInstitutionCode()).isEqualTo("1319876540");
    assertThat(req.arbitraryFileIdentifier()).contains("GW20250602093015123-a1b2c3d4");
    assertThat(req.search().insurerNumber()).isEqualTo(new InsurerNumber("06139984"));
    assertThat(req.search().insuredCardSymbol()).contains("1234");
    assertThat(req.search().insuredBranchNumber()).contains("02");
    assertThat(req.search().birthdate()).isEqualTo(LocalDate.of(1985, 4, 12));
    assertThat(req.search().arbitraryIdentifier()).contains("PT000123");
    assertThat(req.unknownElements()).isEmpty();
  }

  @Test
  void sampleOneResultIsALostQualificationWithItsEndDateAndReason() throws Exception {
    QualificationResultMessage res =
        (QualificationResultMessage) OqsCodec.decode(Samples.read(Samples.SINGLE_RESULT));
    assertThat(res.kind()).isEqualTo(MessageKind.OQS_SIQUC01_RES);
    assertThat(res.header().processExecutionTime())
        .contains(LocalDateTime.of(2025, 6, 2, 9, 30, 18));
    assertThat(res.header().referenceClassification().orElseThrow().value())
        .contains(ReferenceClassification.INSURANCE_CARD);
    assertThat(res.qualificationValidity().orElseThrow().value())
        .contains(QualificationValidity.INVALID);
    assertThat(res.qualificationValidity().orElseThrow().label()).contains("無効");
    assertThat(res.search()).isPresent();
    assertThat(res.results()).hasSize(1);
    QualificationResult r = res.results().get(0);
    assertThat(r.disqualificationDate()).contains(LocalDate.of(2025, 5, 1));
    assertThat(r.reasonOfLoss().orElseThrow().value()).contains(ReasonOfLoss.OTHER);
    assertThat(r.reasonOfLoss().orElseThrow().raw()).isEqualTo("99");
    assertThat(r.insuredName()).contains("見本　一郎");
    assertThat(r.name()).isEqualTo("見本　花子");
    assertThat(r.nameKana()).contains("ﾐﾎﾝ ﾊﾅｺ");
    assertThat(r.insurerName()).isEqualTo("見本工業健康保険組合");
    assertThat(r.limitApplicationCertificateConsent().orElseThrow().consentTime())
        .contains(LocalDateTime.of(2025, 6, 2, 9, 30, 18));
    assertThat(res.isSingleValidResult()).isFalse();
    assertThat(res.unknownElements()).isEmpty();
  }

  @Test
  void sampleFourFaceResultHasElderlyRatioMaskedNameReferenceNumberAndPrescriptionChoice()
      throws Exception {
    QualificationResultMessage res =
        (QualificationResultMessage) OqsCodec.decode(Samples.read(Samples.FACE_RESULT));
    assertThat(res.kind()).isEqualTo(MessageKind.OQS_SIQUC01_FACE);
    assertThat(res.header().referenceClassification().orElseThrow().value())
        .contains(ReferenceClassification.MY_NUMBER_CARD);
    assertThat(res.search()).isEmpty();
    QualificationResult r = res.results().get(0);
    assertThat(r.elderlyRecipientCertificate().orElseThrow().contributionRatio()).contains(20);
    assertThat(r.name()).isEqualTo("標本　●男");
    assertThat(r.referenceNumber()).contains("24680");
    assertThat(r.pharmacistsInfoConsent().orElseThrow().availableTime())
        .contains(LocalDateTime.of(2025, 6, 3, 10, 33, 40));
    assertThat(r.diagnosisInfoConsent().orElseThrow().flag().value())
        .contains(ConsentFlag.NOT_CONSENTED);
    assertThat(res.prescriptionIssueSelect().orElseThrow().value())
        .contains(PrescriptionIssueSelect.PAPER);
    assertThat(res.isSingleValidResult()).isTrue();
  }

  @Test
  void sampleSixHomeVisitCycleDecodesInAllFourFiles() throws Exception {
    ConsentedBulkRequest req =
        (ConsentedBulkRequest) OqsCodec.decode(Samples.read(Samples.HOME_VISIT_REQUEST));
    assertThat(req.kind()).isEqualTo(MessageKind.OQS_MUHVQ01_REQ);
    assertThat(req.consentDateFrom()).contains(LocalDate.of(2025, 5, 31));
    assertThat(req.medicalTreatmentFlag().orElseThrow().value())
        .contains(MedicalTreatmentFlag.HOME_VISIT);

    ReceptionResult reception =
        (ReceptionResult) OqsCodec.decode(Samples.read(Samples.HOME_VISIT_RECEPTION));
    assertThat(reception.receptionNumber()).contains("20250602000000012399");
    assertThat(reception.kind().downloadRequestKind()).contains(MessageKind.OQS_MUHVQ02_REQ);

    DownloadRequest download =
        (DownloadRequest) OqsCodec.decode(Samples.read(Samples.HOME_VISIT_DOWNLOAD));
    assertThat(download.receptionNumber()).isEqualTo("20250602000000012399");

    BulkResult result = (BulkResult) OqsCodec.decode(Samples.read(Samples.HOME_VISIT_RESULT));
    assertThat(result.header().numberOfProcessingResult()).contains(2);
    assertThat(result.units()).hasSize(2);
    BulkConfirmUnit first = result.units().get(0);
    BulkConfirmUnit second = result.units().get(1);
    assertThat(first.referenceNumbers()).containsExactly("30077");
    assertThat(first.results().get(0).insuredPartialContributionRatio()).contains(10);
    assertThat(
            first.results().get(0).limitApplicationCertificate().orElseThrow().classificationFlag())
        .hasValueSatisfying(
            c -> assertThat(c.value()).contains(LimitCertificateCategory.LOW_INCOME_II));
    assertThat(second.referenceNumbers()).containsExactly("30012");
    assertThat(second.results().get(0).insuredPartialContributionRatio()).contains(20);
    assertThat(second.results().get(0).pharmacistsInfoConsent().orElseThrow().flag().value())
        .contains(ConsentFlag.EXPIRED);
    assertThat(second.results().get(0).pharmacistsInfoConsent().orElseThrow().flag().label())
        .contains("同意有効期限切れ");
    assertThat(result.unknownElements()).isEmpty();
  }

  @Test
  void theDrugRequestReadsItsHeaderNumbersAndMonths() throws Exception {
    MedicalInformationRequest req =
        (MedicalInformationRequest) OqsCodec.decode(Samples.read(Samples.DRUG_REQUEST));
    assertThat(req.kind()).isEqualTo(MessageKind.YZK_SIQUC01_REQ);
    assertThat(req.insurerNumber().isLateStageElderly()).isTrue();
    assertThat(req.insuranceCardSymbol()).isEmpty();
    assertThat(req.branchNumber()).isEmpty();
    assertThat(req.insuredPersonIdentificationNumber()).isEqualTo("50123454");
    assertThat(req.startDate()).contains(YearMonth.of(2024, 12));
    assertThat(req.endDate()).contains(YearMonth.of(2025, 6));
    assertThat(req.fileCategory()).contains("2");
  }

  @Test
  void everySampleRequestIsWrittenBackByteForByteInShiftJis() throws Exception {
    for (String name :
        new String[] {
          Samples.SINGLE_REQUEST,
          Samples.HOME_VISIT_REQUEST,
          Samples.HOME_VISIT_DOWNLOAD,
          Samples.DRUG_REQUEST
        }) {
      var doc = Samples.read(name);
      assertThat(
              new String(
                  OqsCodec.encode(OqsCodec.decode(doc), OqsCharset.SHIFT_JIS),
                  OqsCharset.SHIFT_JIS.charset()))
          .as(name)
          .isEqualTo(new String(doc.raw(), OqsCharset.SHIFT_JIS.charset()));
    }
  }

  @Test
  void everySampleResultIsWrittenBackByteForByte() throws Exception {
    for (String name :
        new String[] {
          Samples.SINGLE_RESULT,
          Samples.FACE_RESULT,
          Samples.HOME_VISIT_RECEPTION,
          Samples.HOME_VISIT_RESULT
        }) {
      var doc = Samples.read(name);
      var decoded = OqsCodec.decode(doc);
      var again =
          new jp.oqsgateway.gateway.oqs.xml.OqsXmlReader()
              .parse(name, OqsCodec.encode(decoded, OqsCharset.SHIFT_JIS));
      assertThat(OqsCodec.decode(again)).as(name).isEqualTo(decoded);
    }
  }
}
