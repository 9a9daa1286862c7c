package jp.oqsgateway.gateway.patients;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person's retry of a FAILED single registration, as a new registration ({@code retryOf}) for the
 * same link, sent as a new exchange. Never done automatically: after OUTCOME_UNKNOWN OQS may or may
 * not have registered the number, and registering it twice is harmless only when a person knows the
 * first one did not arrive. Rejected (conflict) for a registration that is not FAILED, belongs to a
 * bulk registration, was retried already (at most once, even when two callers race), or whose link
 * has ended since.
 */
final class RegistrationRetry {
  private static final Logger LOG = LoggerFactory.getLogger(RegistrationRetry.class);

  private final ReferenceRegistrationStore store;
  private final PatientLinkStore links;
  private final SingleRegistrations singles;

  RegistrationRetry(
      ReferenceRegistrationStore store, PatientLinkStore links, SingleRegistrations singles) {
    this.store = store;
    this.links = links;
    this.singles = singles;
  }

  Future<ReferenceRegistration> retry(UUID id, String requestedBy, Duration wait) {
    return store
        .find(id)
        .compose(
            found -> {
              ReferenceRegistration failed =
                  found.orElseThrow(
                      () ->
                          Rejection.notFound(
                              "registrationId", "no 照会番号 registration with this id"));
              if (failed.state() != ReferenceRegistration.State.FAILED) {
                throw notRetryable(
                    "not-failed", "the registration is " + failed.state() + "; only FAILED ones");
              }
              if (failed.bulkId().isPresent()) {
                throw notRetryable(
                    "bulk-registration",
                    "a registration of a bulk request is retried by registering its patients"
                        + " again");
              }
              return links
                  .activeOf(List.of(failed.chartPatientId()))
                  .compose(active -> retryFor(failed, active, requestedBy, wait));
            });
  }

  private Future<ReferenceRegistration> retryFor(
      ReferenceRegistration failed, List<PatientLink> active, String requestedBy, Duration wait) {
    PatientLink l =
        active.stream()
            .filter(a -> a.id().equals(failed.linkId()))
            .findFirst()
            .orElseThrow(
                () ->
                    notRetryable(
                        "link-ended",
                        "the link this registration was made for has ended; register the"
                            + " patient's current link instead"));
    ReferenceNumberRegistration reg =
        Registrable.registrationOf(l)
            .orElseThrow(() -> notRetryable("not-registrable", Registrable.notRegistrable(l)));
    ReferenceRegistration retry = failed.retry();
    return store
        .insertRetry(retry, requestedBy)
        .compose(
            inserted -> {
              if (inserted.isEmpty()) {
                return store
                    .retryOf(failed.id())
                    .compose(
                        existing ->
                            Future.failedFuture(
                                notRetryable(
                                    "already-retried",
                                    "this registration was retried already, by registration "
                                        + existing.map(r -> r.id().toString()).orElse("?")
                                        + "; retry that one if it failed")));
              }
              LOG.atInfo()
                  .addKeyValue("registrationId", retry.id())
                  .log("照会番号 registration retried by request");
              return RegistrationExchanges.within(singles.send(retry, reg), wait, inserted.get());
            });
  }

  private static Rejection notRetryable(String slug, String detail) {
    return Rejection.conflict(slug, "Not retryable", detail).onField("registrationId");
  }
}
