package jp.oqsgateway.gateway.oqs.bulk;

import io.vertx.core.Future;
import java.util.UUID;

/**
 * Where the caller of a {@link BulkExchange} keeps each phase's exchange, so that it can take the
 * phase up after a restart ({@link BulkExchange#followUpload}, {@link
 * BulkExchange#followDownload}). The exchange is followed only once the returned future succeeded;
 * when it fails the bulk exchange ends {@link BulkFailure.Reason#NOT_RECORDED}.
 */
@FunctionalInterface
public interface PhaseRecorder {
  /** Persists that {@code phase} of the bulk exchange is exchange {@code exchangeId}. */
  Future<Void> record(BulkPhase phase, UUID exchangeId);
}
