package jp.oqsgateway.gateway.live;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.audit.AuditStore;
import jp.oqsgateway.gateway.events.Event;

/**
 * Records, before a live connection is sent an event naming a check or a patient ({@link
 * Event#namesCheckOrPatient}), that its viewer is shown it: one row per event in the read audit,
 * purpose {@code live-push}, with the viewer's subject and roles, the check, the patient, the desk,
 * the connection's id as the request id and {@code live-connection:ws} or {@code
 * live-connection:sse} as where it went. The rows of one call go into the audit's group commit
 * together; the events are written only once it has ended, and a connection whose rows cannot be
 * recorded is closed without them (its client reconnects and is sent them again).
 */
public final class LivePushAudit {
  static final String PURPOSE = "live-push";

  private final AuditStore store;

  public LivePushAudit(AuditStore store) {
    this.store = store;
  }

  /**
   * Rows a connection has waiting for a commit at most: a replay of thousands of events, or a burst
   * shown on many screens at once, is recorded a chunk at a time, each once the one before has
   * committed, so that no connection fills the audit's queue (which refuses rows beyond 4,096 and
   * would fail the API's reads too).
   */
  static final int CHUNK = 64;

  /**
   * Records the events of {@code batch} that name a check or a patient ({@link
   * EncodedEvent#audited}; none: done at once).
   */
  Future<Void> record(
      Viewer viewer, String connectionId, String transport, List<EncodedEvent> batch) {
    List<String> roles = viewer.roles().stream().sorted().toList();
    Optional<String> deliveredTo = Optional.of("live-connection:" + transport);
    List<AuditStore.Entry> rows = new ArrayList<>();
    for (EncodedEvent encoded : batch) {
      if (encoded.audited()) {
        Event e = encoded.event();
        rows.add(
            new AuditStore.Entry(
                viewer.subject(),
                roles,
                PURPOSE,
                e.chartPatientId(),
                e.checkId(),
                connectionId,
                Optional.empty(),
                deliveredTo,
                e.desk()));
      }
    }
    return chunks(rows, 0);
  }

  private Future<Void> chunks(List<AuditStore.Entry> rows, int from) {
    if (from >= rows.size()) {
      return Future.succeededFuture();
    }
    int to = Math.min(rows.size(), from + CHUNK);
    List<Future<Void>> chunk = new ArrayList<>(to - from);
    for (AuditStore.Entry row : rows.subList(from, to)) {
      chunk.add(store.record(row));
    }
    return Future.all(chunk).compose(v -> chunks(rows, to));
  }
}
