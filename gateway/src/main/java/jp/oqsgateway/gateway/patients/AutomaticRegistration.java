package jp.oqsgateway.gateway.patients;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a link was created: registers the patient's id once for that link, when configured and the
 * qualification does not carry it already. Never fails the caller; problems are logged.
 */
final class AutomaticRegistration {
  private static final Logger LOG = LoggerFactory.getLogger(AutomaticRegistration.class);

  private final ReferenceRegistrationStore store;
  private final SingleRegistrations singles;

  AutomaticRegistration(ReferenceRegistrationStore store, SingleRegistrations singles) {
    this.store = store;
    this.singles = singles;
  }

  void onLinkCreated(PatientLink created) {
    if (created
        .qualification()
        .referenceNumber()
        .filter(created.chartPatientId()::equals)
        .isPresent()) {
      return;
    }
    Optional<ReferenceNumberRegistration> reg = Registrable.registrationOf(created);
    if (reg.isEmpty()) {
      LOG.atInfo()
          .addKeyValue("linkId", created.id())
          .log("qualification cannot carry a 照会番号; automatic registration skipped");
      return;
    }
    ReferenceRegistration row = ReferenceRegistration.waiting(Optional.empty(), "auto", created);
    store
        .insertWaiting(List.of(row), created.linkedBy())
        .compose(
            ins ->
                ins.isEmpty() ? Future.succeededFuture() : singles.send(row, reg.get()).mapEmpty())
        .onFailure(
            e ->
                LOG.atError()
                    .setCause(e)
                    .addKeyValue("linkId", created.id())
                    .log("automatic 照会番号 registration failed"));
  }
}
