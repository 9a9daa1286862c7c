package jp.oqsgateway.gateway.medinfo;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.homevisit.InformationKind;

/**
 * SQL for {@code medical_information} (what OQS answered) and {@code audit_medical_information}
 * (why it was asked for or read: the purpose the clinician gave, append-only).
 */
public final class MedicalInformationStore {
  private final Pool pool;

  public MedicalInformationStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Records why information was retrieved or read, before it is sent.
   *
   * @param action {@code retrieve}, {@code read} or {@code read-pdf}
   */
  public Future<Void> auditPurpose(
      String requestId,
      String subject,
      String chartPatientId,
      UUID informationId,
      String action,
      InformationKind kind,
      String purpose) {
    return pool.preparedQuery(
            "insert into audit_medical_information (request_id, subject, chart_patient_id,"
                + " medical_information_id, action, kind, purpose) values ($1, $2, $3, $4, $5,"
                + " $6, $7)")
        .execute(
            Tuple.of(
                requestId, subject, chartPatientId, informationId, action, kind.wire(), purpose))
        .mapEmpty();
  }

  Future<MedicalInformation> insert(MedicalInformation m, Optional<UUID> exchangeId, byte[] pdf) {
    return pool.preparedQuery(
            "insert into medical_information (id, chart_patient_id, kind, relationship_id,"
                + " exchange_id, requested_by, requested_at, state, oqs_message, content, pdf)"
                + " values ($1, $2, $3, $4, $5, $6, now(), $7, $8, $9, $10)")
        .execute(
            Tuple.wrap(
                new Object[] {
                  m.id(),
                  m.chartPatientId(),
                  m.kind().wire(),
                  m.relationshipId().orElse(null),
                  exchangeId.orElse(null),
                  m.requestedBy(),
                  m.state(),
                  m.oqsMessage().orElse(null),
                  m.content().orElse(null),
                  pdf == null ? null : Buffer.buffer(pdf)
                }))
        .compose(rows -> find(m.id()))
        .map(Optional::orElseThrow);
  }

  public Future<Optional<MedicalInformation>> find(UUID id) {
    return pool.preparedQuery(
            "select id, chart_patient_id, kind, relationship_id, requested_by, requested_at,"
                + " state, oqs_message, content, pdf is not null as has_pdf"
                + " from medical_information where id = $1")
        .execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(of(rows.iterator().next())));
  }

  /** The PDF OQS sent, if any. */
  public Future<Optional<Buffer>> pdf(UUID id) {
    return pool.preparedQuery("select pdf from medical_information where id = $1")
        .execute(Tuple.of(id))
        .map(
            rows ->
                rows.size() == 0
                    ? Optional.empty()
                    : Optional.ofNullable(rows.iterator().next().getBuffer("pdf")));
  }

  private static MedicalInformation of(Row r) {
    return new MedicalInformation(
        r.getUUID("id"),
        r.getString("chart_patient_id"),
        InformationKind.fromWire(r.getString("kind")).orElseThrow(),
        Optional.ofNullable(r.getUUID("relationship_id")),
        r.getString("requested_by"),
        r.getOffsetDateTime("requested_at").toInstant(),
        r.getString("state"),
        Optional.ofNullable(r.getString("oqs_message")),
        Optional.ofNullable(r.getJsonObject("content")),
        r.getBoolean("has_pdf"));
  }
}
