package jp.oqsgateway.gateway.patients;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restart recovery: follows the registrations a previous run left WAITING, so each ends REGISTERED
 * or FAILED: a single one by its exchange; a bulk one by its download when sent, else by its upload
 * and then the download. A row that never got an exchange (the gateway stopped before handing it to
 * the link) ends FAILED at once ({@link Verdict#NEVER_SENT}).
 */
final class RegistrationRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(RegistrationRecovery.class);

  private final RegistrationExchanges exchanges;
  private final SingleRegistrations singles;
  private final BulkProtocol bulk;

  RegistrationRecovery(
      RegistrationExchanges exchanges, SingleRegistrations singles, BulkProtocol bulk) {
    this.exchanges = exchanges;
    this.singles = singles;
    this.bulk = bulk;
  }

  /** Completes when following began, with the number of rows found waiting. */
  Future<Integer> resumeWaiting() {
    return exchanges
        .store()
        .waiting()
        .map(
            waiting -> {
              Map<UUID, List<ReferenceRegistration>> bulks = new LinkedHashMap<>();
              for (ReferenceRegistration r : waiting) {
                if (r.bulkId().isPresent()) {
                  bulks.computeIfAbsent(r.bulkId().get(), b -> new ArrayList<>()).add(r);
                } else {
                  logFailure(resumeSingle(r), r.id());
                }
              }
              bulks.forEach((bulkId, rows) -> logFailure(resumeBulk(rows), bulkId));
              if (!waiting.isEmpty()) {
                LOG.atInfo()
                    .addKeyValue("count", waiting.size())
                    .log("following 照会番号 registrations left waiting");
              }
              return waiting.size();
            });
  }

  private Future<ReferenceRegistration> resumeSingle(ReferenceRegistration r) {
    return r.exchangeId()
        .map(ex -> singles.follow(r, ex))
        .orElseGet(() -> exchanges.finish(r.id(), Verdict.NEVER_SENT))
        .recover(
            e ->
                RegistrationExchanges.whenFailed(
                    e, r, () -> exchanges.finish(r.id(), Verdict.refused(e))));
  }

  private Future<List<ReferenceRegistration>> resumeBulk(List<ReferenceRegistration> rows) {
    ReferenceRegistration first = rows.get(0);
    return first
        .downloadExchangeId()
        .map(dl -> bulk.followDownload(rows, dl))
        .or(() -> first.exchangeId().map(up -> bulk.followUpload(rows, up)))
        .orElseGet(() -> exchanges.finishAll(rows, Verdict.NEVER_SENT))
        .recover(
            e ->
                RegistrationExchanges.whenFailed(
                    e, rows, () -> exchanges.finishAll(rows, Verdict.refused(e))));
  }

  private static void logFailure(Future<?> followed, UUID id) {
    followed.onFailure(
        e ->
            LOG.atError()
                .setCause(e)
                .addKeyValue("registrationId", id)
                .log("cannot follow a 照会番号 registration left waiting"));
  }
}
