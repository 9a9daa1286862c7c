package jp.oqsgateway.gateway.oqs.link;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.LimitConsentFlag;
import jp.oqsgateway.gateway.oqs.message.BulkCheckRequest;
import jp.oqsgateway.gateway.oqs.message.DownloadRequest;
import jp.oqsgateway.gateway.oqs.message.InsurerNumber;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.OqsCodec;
import jp.oqsgateway.gateway.oqs.message.OqsMessage;
import jp.oqsgateway.gateway.oqs.message.QualificationSearch;
import jp.oqsgateway.gateway.oqs.message.SingleCheckRequest;
import jp.oqsgateway.gateway.oqs.simulator.Coverage;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPerson;
import jp.oqsgateway.gateway.oqs.simulator.SimulatedPopulation;
import jp.oqsgateway.gateway.oqs.simulator.SimulatorOptions;
import jp.oqsgateway.gateway.oqs.xml.OqsCharset;
import jp.oqsgateway.gateway.oqs.xml.OqsXmlReader;
import jp.oqsgateway.gateway.oqs.xml.XmlElement;

/**
 * Valid requests for the simulator's fictitious persons, built with the typed codec (as the chart
 * API will build them), as of the day the simulator's timeline is centred on.
 */
final class SimulatedRequests {
  static final SimulatedPopulation POPULATION = SimulatedPopulation.standard();

  /** 2025-06-02, the day after the population's timeline base. */
  static final LocalDate AS_OF = SimulatedPopulation.DEFAULT_TIMELINE_BASE.plusDays(1);

  static final String INSTITUTION = SimulatorOptions.DEFAULT_INSTITUTION;

  private SimulatedRequests() {}

  static QualificationSearch search(SimulatedPerson p) {
    Coverage c =
        p.coverageOn(AS_OF)
            .orElseThrow(() -> new IllegalArgumentException(p.id() + " has no coverage"));
    return new QualificationSearch(
        InsurerNumber.parse(c.insurerNumber()).orElseThrow(),
        Optional.ofNullable(c.symbol()),
        c.number(),
        Optional.ofNullable(c.branch()),
        p.birthDate(),
        Coded.of(LimitConsentFlag.CONSENTED),
        Optional.of(p.chart().patientId()));
  }

  /** {@code OQSsiquc01req} for the person's coverage in force. */
  static OqsRequest singleCheck(SimulatedPerson p) {
    return OqsRequest.of(
        RequestKind.SIQUC01,
        document(new SingleCheckRequest(AS_OF, INSTITUTION, Optional.empty(), search(p))));
  }

  /**
   * A home-visit re-inquiry for the person's coverage in force (MedicalTreatmentFlag 2), in the
   * file form of {@code kind}: {@link RequestKind#SIHVQ01} ({@code OQSsihvq01req}) or {@link
   * RequestKind#SIQUC01} ({@code OQSsiquc01req} with the flag).
   */
  static OqsRequest reinquiry(SimulatedPerson p, RequestKind kind) {
    MessageKind fileKind =
        kind == RequestKind.SIHVQ01 ? MessageKind.OQS_SIHVQ01_REQ : MessageKind.OQS_SIQUC01_REQ;
    return OqsRequest.of(
        kind,
        document(
            SingleCheckRequest.reinquiry(
                AS_OF, INSTITUTION, Optional.empty(), search(p), fileKind)));
  }

  /** {@code OQSmuquc01req} for these persons. */
  static OqsRequest bulkCheck(List<SimulatedPerson> persons) {
    return OqsRequest.of(
        RequestKind.MUQUC01,
        document(
            new BulkCheckRequest(
                AS_OF,
                INSTITUTION,
                Optional.empty(),
                persons.stream().map(SimulatedRequests::search).toList(),
                List.of())));
  }

  /** {@code OQSmuquc02req} for a ReceptionNumber. */
  static OqsRequest bulkDownload(String receptionNumber) {
    return OqsRequest.of(
        RequestKind.MUQUC02,
        document(
            new DownloadRequest(
                MessageKind.OQS_MUQUC02_REQ,
                INSTITUTION,
                Optional.empty(),
                receptionNumber,
                List.of())));
  }

  private static XmlElement document(OqsMessage message) {
    try {
      byte[] bytes = OqsCodec.encode(message, OqsCharset.SHIFT_JIS);
      return new OqsXmlReader().parse(message.kind() + ".xml", bytes).root();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
