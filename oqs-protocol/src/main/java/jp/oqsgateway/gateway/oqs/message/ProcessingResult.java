package jp.oqsgateway.gateway.oqs.message;

import java.util.Optional;
import jp.oqsgateway.gateway.oqs.codes.Coded;
import jp.oqsgateway.gateway.oqs.codes.ProcessingResultStatus;

/**
 * Person-level outcome (OQS-PROTOCOL.md §1.6): {@code ProcessingResultStatus} (OQSCD004) with the
 * code and message to be shown as is. A code may accompany status 1 as supplementary information.
 */
public record ProcessingResult(
    Optional<Coded<ProcessingResultStatus>> status,
    Optional<String> code,
    Optional<String> message) {

  public static ProcessingResult none() {
    return new ProcessingResult(Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static ProcessingResult of(ProcessingResultStatus status) {
    return new ProcessingResult(Optional.of(Coded.of(status)), Optional.empty(), Optional.empty());
  }
}
