package jp.oqsgateway.gateway.oqs.message;

import java.util.List;

/** Any decoded OQS file (OQS-PROTOCOL.md §2). */
public sealed interface OqsMessage
    permits SingleCheckRequest,
        QualificationResultMessage,
        BulkCheckRequest,
        ReceptionResult,
        DownloadRequest,
        BulkResult,
        ConsentedBulkRequest,
        ReferenceNumberRegistrationRequest,
        ReferenceNumberRegistrationResult,
        BulkReferenceNumberRegistrationRequest,
        BulkRegistrationResult,
        MedicalInformationRequest,
        MedicalInformationResult {

  MessageKind kind();

  /** Elements of the source file that this model does not hold, with their paths. */
  List<UnknownElement> unknownElements();

  /** Throws unless {@code kind} is one of {@code allowed}; used by the records' constructors. */
  static void requireKind(MessageKind kind, MessageKind... allowed) {
    for (MessageKind a : allowed) {
      if (a == kind) {
        return;
      }
    }
    throw new IllegalArgumentException(kind + " is not a kind of this message");
  }
}
