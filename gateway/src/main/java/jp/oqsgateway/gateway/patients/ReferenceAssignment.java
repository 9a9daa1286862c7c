package jp.oqsgateway.gateway.patients;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.Optional;
import jp.oqsgateway.gateway.qualification.CheckEndParticipant;
import jp.oqsgateway.gateway.qualification.CheckState;
import jp.oqsgateway.gateway.qualification.QualificationCheck;
import jp.oqsgateway.gateway.qualification.ReadingAssignment;

/**
 * Assigns a face-reader reading to its chart patient exactly when the answer's 照会番号 names one chart
 * patient with an active link: linked as {@code PUT /patients/{id}/links/{checkId}} links, in the
 * reading's own transaction. Several patients, none, or a match by kana and birth date only leave
 * the reading to a person (OQS-PROTOCOL.md §4.2).
 */
public final class ReferenceAssignment implements ReadingAssignment {
  /** Who made an automatic link, as {@code linkedBy} records it. */
  public static final String LINKED_BY = "gateway:reference-number";

  private final PatientLinkStore links;
  private final ReferenceRegistrations references;

  public ReferenceAssignment(PatientLinkStore links, ReferenceRegistrations references) {
    this.links = links;
    this.references = references;
  }

  @Override
  public Future<Runnable> assign(SqlConnection tx, QualificationCheck reading) {
    Optional<LinkedQualification> q =
        reading.state() == CheckState.ANSWERED && reading.chartPatientId().isEmpty()
            ? reading.result().flatMap(LinkedQualification::fromAnswer)
            : Optional.empty();
    if (q.isEmpty() || q.get().referenceNumber().isEmpty()) {
      return Future.succeededFuture(CheckEndParticipant.NOTHING);
    }
    return links
        .patientsByReferenceNumber(tx, q.get().referenceNumber().get())
        .compose(
            patients ->
                patients.size() != 1
                    ? Future.succeededFuture(CheckEndParticipant.NOTHING)
                    : links
                        .linkWithin(tx, patients.get(0), reading.id(), q.get(), LINKED_BY)
                        .map(this::afterCommit));
  }

  private Runnable afterCommit(LinkOutcome outcome) {
    return outcome instanceof LinkOutcome.Created c
        ? () -> references.onLinkCreated(c.link())
        : CheckEndParticipant.NOTHING;
  }
}
