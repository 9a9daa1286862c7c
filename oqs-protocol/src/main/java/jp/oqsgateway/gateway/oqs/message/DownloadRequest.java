package jp.oqsgateway.gateway.oqs.message;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The second-phase request of a bulk exchange (…02req of muquc, muhvq, muonq, mutic, muimm;
 * OQS-PROTOCOL.md §2.5, §2.6, §2.8): header MedicalInstitutionCode, body ReceptionNumber.
 * ArbitraryFileIdentifier is not documented for it but accepted and written when set [I].
 */
public record DownloadRequest(
    MessageKind kind,
    String medicalInstitutionCode,
    Optional<String> arbitraryFileIdentifier,
    String receptionNumber,
    List<UnknownElement> unknownElements)
    implements OqsMessage {

  public DownloadRequest {
    OqsMessage.requireKind(
        kind,
        MessageKind.OQS_MUQUC02_REQ,
        MessageKind.OQS_MUHVQ02_REQ,
        MessageKind.OQS_MUONQ02_REQ,
        MessageKind.OQS_MUTIC02_REQ,
        MessageKind.OQS_MUIMM02_REQ);
    Objects.requireNonNull(medicalInstitutionCode, "medicalInstitutionCode");
    Objects.requireNonNull(receptionNumber, "receptionNumber");
    unknownElements = List.copyOf(unknownElements);
  }
}
