package jp.oqsgateway.gateway.patients;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.link.RequestKind;
import jp.oqsgateway.gateway.oqs.message.BulkReferenceNumberRegistrationRequest;
import jp.oqsgateway.gateway.oqs.message.DownloadRequest;
import jp.oqsgateway.gateway.oqs.message.MessageKind;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistration;

/**
 * The two-phase bulk registration (docs/OQS-PROTOCOL.md §2.8): phase 1 uploads every registration
 * in one {@code OQSmuimm01} and gets a ReceptionNumber ({@link Verdict#ofUpload}); phase 2
 * downloads the result with it ({@code OQSmuimm02}), a verdict per row ({@link Verdict#ofBulk}).
 * Each phase's exchange is recorded on the rows before it is followed, so {@link
 * RegistrationRecovery} can take up either phase after a restart.
 */
final class BulkProtocol {
  private final RegistrationExchanges exchanges;

  BulkProtocol(RegistrationExchanges exchanges) {
    this.exchanges = exchanges;
  }

  /** Uploads the stored WAITING rows and follows both phases to the end. */
  Future<List<ReferenceRegistration>> send(
      List<ReferenceRegistration> rows, List<ReferenceNumberRegistration> regs) {
    var upload =
        new BulkReferenceNumberRegistrationRequest(
            exchanges.institutionCode(), Optional.empty(), regs, List.of());
    return exchanges
        .send(ids(rows), RequestKind.MUIMM01, upload, false)
        .compose(exchangeId -> followUpload(rows, exchangeId))
        .recover(
            e ->
                RegistrationExchanges.whenFailed(
                    e, rows, () -> exchanges.finishAll(rows, Verdict.refused(e))));
  }

  /** Phase 1 ({@code OQSmuimm01}) to its end, then the download by ReceptionNumber. */
  Future<List<ReferenceRegistration>> followUpload(
      List<ReferenceRegistration> rows, UUID uploadExchangeId) {
    return exchanges
        .outcomeOf(uploadExchangeId)
        .compose(
            received -> {
              Verdict.Reception reception =
                  Verdict.ofExchange(received)
                      .map(failed -> new Verdict.Reception(Optional.empty(), Optional.of(failed)))
                      .orElseGet(() -> Verdict.ofUpload(received.result().orElseThrow()));
              if (reception.failed().isPresent()) {
                return exchanges.finishAll(rows, reception.failed().get());
              }
              var download =
                  new DownloadRequest(
                      MessageKind.OQS_MUIMM02_REQ,
                      exchanges.institutionCode(),
                      Optional.empty(),
                      reception.number().orElseThrow(),
                      List.of());
              return exchanges
                  .send(ids(rows), RequestKind.MUIMM02, download, true)
                  .compose(exchangeId -> followDownload(rows, exchangeId));
            });
  }

  /** Phase 2 ({@code OQSmuimm02}) to its end; a result per row. */
  Future<List<ReferenceRegistration>> followDownload(
      List<ReferenceRegistration> rows, UUID downloadExchangeId) {
    return exchanges
        .outcomeOf(downloadExchangeId)
        .compose(
            outcome ->
                Verdict.ofExchange(outcome)
                    .map(failed -> exchanges.finishAll(rows, failed))
                    .orElseGet(
                        () ->
                            exchanges.finishEach(
                                rows, Verdict.ofBulk(outcome.result().orElseThrow(), rows))));
  }

  private static List<UUID> ids(List<ReferenceRegistration> rows) {
    return rows.stream().map(ReferenceRegistration::id).toList();
  }
}
