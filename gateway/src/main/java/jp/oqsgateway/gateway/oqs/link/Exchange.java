package jp.oqsgateway.gateway.oqs.link;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One request/answer exchange with the terminal, as persisted. Byte arrays are the request as
 * written and the result as it arrived (for a {@code .zip}, the extracted XML).
 *
 * @param requestFile the current request file name (a bulk re-ask writes a new one)
 * @param reaskCount how many times a "still processing" bulk download was asked again
 * @param error operator-facing reason, or the terminal's own error text for {@code .err}
 */
public record Exchange(
    UUID id,
    RequestKind kind,
    ExchangeState state,
    String reqDir,
    String requestFile,
    String arbitraryFileIdentifier,
    String institutionCode,
    Optional<String> receptionNumber,
    Optional<UUID> retryOf,
    boolean probe,
    int reaskCount,
    String requestCharset,
    byte[] requestBytes,
    Instant writtenAt,
    Optional<Instant> pickedUpAt,
    Instant deadlineAt,
    Optional<Instant> finishedAt,
    Optional<String> resultFile,
    Optional<byte[]> resultBytes,
    Optional<String> error) {

  /** This exchange as PICKED_UP at {@code at}, before that is recorded. */
  Exchange pickedUp(Instant at) {
    return new Exchange(
        id,
        kind,
        ExchangeState.PICKED_UP,
        reqDir,
        requestFile,
        arbitraryFileIdentifier,
        institutionCode,
        receptionNumber,
        retryOf,
        probe,
        reaskCount,
        requestCharset,
        requestBytes,
        writtenAt,
        Optional.of(at),
        deadlineAt,
        finishedAt,
        resultFile,
        resultBytes,
        error);
  }

  /** {@code OQSsiquc01res_<suffix>} for {@code OQSsiquc01req_<suffix>.xml}. */
  public String resultStem() {
    return LinkFiles.resultStem(requestFile);
  }
}
