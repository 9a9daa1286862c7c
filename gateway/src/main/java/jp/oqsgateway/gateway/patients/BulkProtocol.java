package jp.oqsgateway.gateway.patients;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.bulk.BulkExchange;
import jp.oqsgateway.gateway.oqs.bulk.BulkFailure;
import jp.oqsgateway.gateway.oqs.bulk.BulkFamily;
import jp.oqsgateway.gateway.oqs.bulk.BulkOutcome;
import jp.oqsgateway.gateway.oqs.bulk.BulkPhase;
import jp.oqsgateway.gateway.oqs.bulk.PhaseRecorder;
import jp.oqsgateway.gateway.oqs.message.BulkReferenceNumberRegistrationRequest;
import jp.oqsgateway.gateway.oqs.message.BulkRegistrationResult;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistration;

/**
 * The bulk registration (docs/OQS-PROTOCOL.md §2.8) over the generic two-phase {@link
 * BulkExchange}: every registration in one {@code OQSmuimm01}, the result downloaded with its
 * ReceptionNumber ({@code OQSmuimm02}), a verdict per row ({@link Verdict#ofBulk}). Each phase's
 * exchange is recorded on the rows before it is followed, so {@link RegistrationRecovery} takes up
 * either phase after a restart.
 */
final class BulkProtocol {
  private final RegistrationExchanges exchanges;
  private final BulkExchange bulk;

  BulkProtocol(RegistrationExchanges exchanges, BulkExchange bulk) {
    this.exchanges = exchanges;
    this.bulk = bulk;
  }

  /** Uploads the stored WAITING rows and follows both phases to the end. */
  Future<List<ReferenceRegistration>> send(
      List<ReferenceRegistration> rows, List<ReferenceNumberRegistration> regs) {
    var upload =
        new BulkReferenceNumberRegistrationRequest(
            exchanges.institutionCode(), Optional.empty(), regs, List.of());
    return bulk.run(BulkFamily.MUIMM, upload, recorder(rows)).compose(o -> finish(rows, o));
  }

  /** Phase 1 ({@code OQSmuimm01}) to its end, then the download by ReceptionNumber. */
  Future<List<ReferenceRegistration>> followUpload(
      List<ReferenceRegistration> rows, UUID uploadExchangeId) {
    return bulk.followUpload(BulkFamily.MUIMM, uploadExchangeId, recorder(rows))
        .compose(o -> finish(rows, o));
  }

  /** Phase 2 ({@code OQSmuimm02}) to its end; a result per row. */
  Future<List<ReferenceRegistration>> followDownload(
      List<ReferenceRegistration> rows, UUID downloadExchangeId) {
    return bulk.followDownload(BulkFamily.MUIMM, downloadExchangeId).compose(o -> finish(rows, o));
  }

  /** Records each phase's exchange on the rows (the download's in its own column). */
  private PhaseRecorder recorder(List<ReferenceRegistration> rows) {
    List<UUID> ids = rows.stream().map(ReferenceRegistration::id).toList();
    return (phase, exchangeId) ->
        exchanges.store().attachExchange(ids, exchangeId, phase == BulkPhase.DOWNLOAD);
  }

  /** A verdict per row; the rows stay WAITING when following stopped (the next start goes on). */
  private Future<List<ReferenceRegistration>> finish(
      List<ReferenceRegistration> rows, BulkOutcome<BulkRegistrationResult> outcome) {
    if (outcome instanceof BulkOutcome.Answered<BulkRegistrationResult> answered) {
      return exchanges.finishEach(rows, Verdict.ofBulk(answered.result(), rows));
    }
    BulkFailure failure = ((BulkOutcome.Failed<BulkRegistrationResult>) outcome).failure();
    if (failure.reason() == BulkFailure.Reason.STOPPED) {
      return RegistrationExchanges.leftWaiting(failure.detail(), rows);
    }
    return exchanges.finishAll(rows, Verdict.ofBulkFailure(failure));
  }
}
