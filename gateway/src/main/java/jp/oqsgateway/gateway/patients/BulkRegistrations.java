package jp.oqsgateway.gateway.patients;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.oqs.message.ReferenceNumberRegistration;
import jp.oqsgateway.gateway.patients.ReferenceRegistrations.BulkItem;
import jp.oqsgateway.gateway.patients.ReferenceRegistrations.BulkOutcome;
import jp.oqsgateway.gateway.sql.RowIds;

/**
 * Many patients' registrations in one bulk request: each patient with an active, registrable link
 * gets a WAITING row under one bulk id, the rows go out through {@link BulkProtocol}, and the
 * caller gets a per-patient outcome (patients without one are reported, not sent).
 */
final class BulkRegistrations {
  private final ReferenceRegistrationStore store;
  private final PatientLinkStore links;
  private final BulkProtocol protocol;

  BulkRegistrations(
      ReferenceRegistrationStore store, PatientLinkStore links, BulkProtocol protocol) {
    this.store = store;
    this.links = links;
    this.protocol = protocol;
  }

  Future<BulkOutcome> register(List<String> chartPatientIds, String requestedBy, Duration wait) {
    return register(chartPatientIds, requestedBy, wait, RowIds.next());
  }

  /**
   * As {@link #register(List, String, Duration)} under a bulk id of the caller's: its rows are
   * inserted before anything is sent, so a caller that finds none knows nothing was sent.
   */
  Future<BulkOutcome> register(
      List<String> chartPatientIds, String requestedBy, Duration wait, UUID bulkId) {
    List<String> patients = new ArrayList<>(new LinkedHashSet<>(chartPatientIds));
    return links
        .activeOf(patients)
        .compose(
            active -> {
              Map<String, PatientLink> byPatient = new HashMap<>();
              active.forEach(l -> byPatient.putIfAbsent(l.chartPatientId(), l));
              Map<String, BulkItem> skipped = new HashMap<>();
              List<ReferenceRegistration> rows = new ArrayList<>();
              List<ReferenceNumberRegistration> regs = new ArrayList<>();
              for (String p : patients) {
                PatientLink l = byPatient.get(p);
                Optional<ReferenceNumberRegistration> reg =
                    l == null ? Optional.empty() : Registrable.registrationOf(l);
                if (l == null) {
                  skipped.put(
                      p,
                      new BulkItem(p, BulkItem.NO_ACTIVE_LINK, Optional.empty(), Optional.empty()));
                } else if (reg.isEmpty()) {
                  skipped.put(
                      p,
                      new BulkItem(
                          p,
                          BulkItem.NOT_REGISTRABLE,
                          Optional.empty(),
                          Optional.of(Registrable.notRegistrable(l))));
                } else {
                  rows.add(ReferenceRegistration.waiting(Optional.of(bulkId), "bulk", l));
                  regs.add(reg.get());
                }
              }
              if (rows.isEmpty()) {
                return Future.succeededFuture(
                    new BulkOutcome(bulkId, true, items(patients, skipped, List.of())));
              }
              return store
                  .insertWaiting(rows, requestedBy)
                  .compose(
                      ins -> RegistrationExchanges.within(protocol.send(rows, regs), wait, ins))
                  .map(
                      ended ->
                          new BulkOutcome(
                              bulkId,
                              ended.stream()
                                  .noneMatch(r -> r.state() == ReferenceRegistration.State.WAITING),
                              items(patients, skipped, ended)));
            });
  }

  private static List<BulkItem> items(
      List<String> patients, Map<String, BulkItem> skipped, List<ReferenceRegistration> rows) {
    Map<String, ReferenceRegistration> byPatient = new HashMap<>();
    rows.forEach(r -> byPatient.put(r.chartPatientId(), r));
    List<BulkItem> items = new ArrayList<>();
    for (String p : patients) {
      ReferenceRegistration r = byPatient.get(p);
      items.add(
          r != null
              ? new BulkItem(p, r.state().name(), Optional.of(r), r.failureDetail())
              : skipped.get(p));
    }
    return items;
  }
}
