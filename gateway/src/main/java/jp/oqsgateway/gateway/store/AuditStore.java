package jp.oqsgateway.gateway.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for {@code audit_read}: insert and read, nothing else (the table refuses the rest). */
public final class AuditStore {
  /** One recorded read. Ids only: no names, no numbers. */
  public record Read(
      long id,
      Instant readAt,
      String subject,
      List<String> roles,
      String purpose,
      Optional<String> chartPatientId,
      Optional<UUID> checkId,
      Optional<String> requestId) {}

  private final Pool pool;

  public AuditStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Void> record(
      String subject,
      List<String> roles,
      String purpose,
      Optional<String> chartPatientId,
      Optional<UUID> checkId,
      Optional<String> requestId) {
    return pool.preparedQuery(
            "insert into audit_read (subject, roles, purpose, chart_patient_id, check_id,"
                + " request_id) values ($1, $2, $3, $4, $5, $6)")
        .execute(
            Tuple.of(
                subject,
                roles.toArray(String[]::new),
                purpose,
                chartPatientId.orElse(null),
                checkId.orElse(null),
                requestId.orElse(null)))
        .mapEmpty();
  }

  /** Reads, oldest first, optionally of one patient and from a time on. */
  public Future<List<Read>> find(
      Optional<String> chartPatientId, Optional<Instant> from, int limit) {
    return pool.preparedQuery(
            "select id, read_at, subject, roles, purpose, chart_patient_id, check_id, request_id"
                + " from audit_read where ($1::text is null or chart_patient_id = $1)"
                + " and ($2::timestamptz is null or read_at >= $2) order by id limit $3")
        .execute(
            Tuple.of(
                chartPatientId.orElse(null),
                from.map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null),
                limit))
        .map(
            rows -> {
              List<Read> reads = new ArrayList<>();
              rows.forEach(
                  r ->
                      reads.add(
                          new Read(
                              r.getLong("id"),
                              instant(r.getOffsetDateTime("read_at")),
                              r.getString("subject"),
                              List.of(r.getArrayOfStrings("roles")),
                              r.getString("purpose"),
                              Optional.ofNullable(r.getString("chart_patient_id")),
                              Optional.ofNullable(r.getUUID("check_id")),
                              Optional.ofNullable(r.getString("request_id")))));
              return reads;
            });
  }

  private static Instant instant(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
  }
}
