package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.sql.RowIds;

/**
 * SQL for {@code consent_scope}: the consent each My Number-based answer reported, and the latest
 * one for a patient. A card reading is often assigned to its patient after its answer was stored,
 * so a scope may name its check only; the patient is then the check's.
 */
public final class ConsentScopes {
  private static final String COLUMNS =
      "s.relationship_id, s.basis, s.answered_at, s.drug_flag, s.drug_until, s.clinical_flag,"
          + " s.clinical_until, s.health_check_flag, s.health_check_until, s.surgery_flag,"
          + " s.surgery_until, s.limit_flag, s.specific_disease_flag, s.insurer_number,"
          + " s.card_symbol, s.card_number, s.branch_number";

  /** A stored scope and the relationship it was reported under, if any. */
  public record Stored(ConsentScope scope, Optional<UUID> relationshipId) {}

  private final Pool pool;

  public ConsentScopes(Pool pool) {
    this.pool = pool;
  }

  /**
   * Records the scope of a consented patient imported from the bulk retrieval (OQSmuhvq or
   * OQSmuonq), in the caller's transaction {@code client}.
   *
   * @param result the unit's {@code ResultOfQualificationConfirmation} in the API's shape (as
   *     {@code NormalizedJson} gives it: lowerCamelCase, codes as {@code {code, label}})
   * @param relationshipId the relationship the import opened or refreshed
   * @param answeredAt when OQS produced the unit (its processing time)
   * @return the stored scope's id
   */
  public Future<UUID> recordImported(
      SqlClient client,
      String chartPatientId,
      UUID relationshipId,
      JsonObject result,
      Instant answeredAt) {
    return record(
        client,
        Optional.of(chartPatientId),
        Optional.empty(),
        Optional.of(relationshipId),
        ConsentScope.fromResult(result, ConsentScope.Basis.IMPORT, answeredAt));
  }

  /** Records a scope once per check (a check ended twice records nothing more). */
  Future<UUID> record(
      SqlClient client,
      Optional<String> chartPatientId,
      Optional<UUID> checkId,
      Optional<UUID> relationshipId,
      ConsentScope s) {
    UUID id = RowIds.next();
    Object[] values = {
      id,
      chartPatientId.orElse(null),
      checkId.orElse(null),
      relationshipId.orElse(null),
      s.basis().wire(),
      at(s.answeredAt()),
      flag(s, InformationKind.DRUG),
      until(s, InformationKind.DRUG),
      flag(s, InformationKind.CLINICAL),
      until(s, InformationKind.CLINICAL),
      flag(s, InformationKind.HEALTH_CHECK),
      until(s, InformationKind.HEALTH_CHECK),
      flag(s, InformationKind.SURGERY),
      until(s, InformationKind.SURGERY),
      s.limitFlag().orElse(null),
      s.specificDiseaseFlag().orElse(null),
      s.numbers().map(ConsentScope.Numbers::insurerNumber).orElse(null),
      s.numbers().flatMap(ConsentScope.Numbers::symbol).orElse(null),
      s.numbers().map(ConsentScope.Numbers::number).orElse(null),
      s.numbers().flatMap(ConsentScope.Numbers::branch).orElse(null)
    };
    return client
        .preparedQuery(
            "insert into consent_scope (id, chart_patient_id, check_id, relationship_id, basis,"
                + " answered_at, drug_flag, drug_until, clinical_flag, clinical_until,"
                + " health_check_flag, health_check_until, surgery_flag, surgery_until,"
                + " limit_flag, specific_disease_flag, insurer_number, card_symbol, card_number,"
                + " branch_number) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,"
                + " $13, $14, $15, $16, $17, $18, $19, $20) on conflict (check_id) do nothing")
        .execute(Tuple.wrap(values))
        .map(id);
  }

  /** The patient's latest My Number-based scope, whichever relationship it was reported under. */
  public Future<Optional<Stored>> latest(String chartPatientId) {
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + " from consent_scope s left join qualification_check c on c.id = s.check_id"
                + " where coalesce(s.chart_patient_id, c.chart_patient_id) = $1"
                + " order by s.answered_at desc limit 1")
        .execute(Tuple.of(chartPatientId))
        .map(ConsentScopes::first);
  }

  /** The latest scope reported under a relationship (its re-inquiries, an import). */
  public Future<Optional<Stored>> latestUnder(UUID relationshipId) {
    return pool.preparedQuery(
            "select "
                + COLUMNS
                + " from consent_scope s where s.relationship_id = $1"
                + " order by s.answered_at desc limit 1")
        .execute(Tuple.of(relationshipId))
        .map(ConsentScopes::first);
  }

  private static Optional<Stored> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(stored(rows.iterator().next()));
  }

  private static Stored stored(Row r) {
    Map<InformationKind, ConsentScope.Kind> kinds = new EnumMap<>(InformationKind.class);
    for (InformationKind k : InformationKind.values()) {
      String column = k.wire().replace('-', '_');
      String flag = r.getString(column + "_flag");
      if (flag != null) {
        OffsetDateTime until = r.getOffsetDateTime(column + "_until");
        kinds.put(
            k,
            new ConsentScope.Kind(flag, Optional.ofNullable(until).map(OffsetDateTime::toInstant)));
      }
    }
    return new Stored(
        new ConsentScope(
            ConsentScope.Basis.fromWire(r.getString("basis")),
            r.getOffsetDateTime("answered_at").toInstant(),
            kinds,
            Optional.ofNullable(r.getString("limit_flag")),
            Optional.ofNullable(r.getString("specific_disease_flag")),
            Optional.ofNullable(r.getString("insurer_number"))
                .map(
                    insurer ->
                        new ConsentScope.Numbers(
                            insurer,
                            Optional.ofNullable(r.getString("card_symbol")),
                            r.getString("card_number"),
                            Optional.ofNullable(r.getString("branch_number"))))),
        Optional.ofNullable(r.getUUID("relationship_id")));
  }

  private static String flag(ConsentScope s, InformationKind k) {
    return s.of(k).map(ConsentScope.Kind::flag).orElse(null);
  }

  private static OffsetDateTime until(ConsentScope s, InformationKind k) {
    return s.of(k).flatMap(ConsentScope.Kind::availableUntil).map(ConsentScopes::at).orElse(null);
  }

  private static OffsetDateTime at(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }
}
