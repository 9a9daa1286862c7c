package jp.oqsgateway.gateway.oqs.bulk;

import java.util.Objects;
import java.util.UUID;

/**
 * How a bulk exchange, or one phase of it, ended: answered with {@code result}, or a {@link
 * BulkFailure}. Never anything else: a bulk exchange does not end in silence.
 *
 * @param <R> the answer: the typed download result, or for the upload the ReceptionNumber
 */
public sealed interface BulkOutcome<R> {

  /** The phase's answer, read; {@code exchangeId} is the exchange that brought it. */
  record Answered<R>(UUID exchangeId, R result) implements BulkOutcome<R> {
    public Answered {
      Objects.requireNonNull(exchangeId, "exchangeId");
      Objects.requireNonNull(result, "result");
    }
  }

  /** No answer to use, and why. */
  record Failed<R>(BulkFailure failure) implements BulkOutcome<R> {
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }
}
