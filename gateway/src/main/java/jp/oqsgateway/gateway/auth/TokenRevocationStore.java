package jp.oqsgateway.gateway.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.gateway.sql.PipelinedPool;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * SQL for the {@code token_revocations} table: written by {@code ./ops/oqsgw token revoke}, read by
 * every gateway sharing the database on each verified-token cache miss (one indexed lookup by jti,
 * one by subject and time).
 */
public final class TokenRevocationStore implements TokenRevocations {
  /** One revocation as listed by {@code token revocations}: a jti or a subject, never both. */
  public record Revocation(
      Optional<String> tokenId, Optional<String> subject, Instant revokedAt, String reason) {}

  private final Pool pool;

  public TokenRevocationStore(Pool pool) {
    this.pool = pool;
  }

  @Override
  public Future<Boolean> isRevoked(String tokenId, String subject, Instant issuedAt) {
    return PipelinedPool.pointReads(pool)
        .preparedQuery(
            "select exists (select 1 from token_revocations where jti = $1)"
                + " or exists (select 1 from token_revocations"
                + " where subject = $2 and revoked_at >= $3)")
        .execute(Tuple.of(tokenId, subject, OffsetDateTime.ofInstant(issuedAt, ZoneOffset.UTC)))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  /** Revokes one token; false when it was already revoked. */
  public Future<Boolean> revokeToken(String tokenId, String reason) {
    return pool.preparedQuery(
            "insert into token_revocations (jti, reason) values ($1, $2)"
                + " on conflict (jti) where jti is not null do nothing")
        .execute(Tuple.of(tokenId, reason))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Revokes every token of the subject issued until now; returns the time written. */
  public Future<Instant> revokeSubject(String subject, String reason) {
    return pool.preparedQuery(
            "insert into token_revocations (subject, reason) values ($1, $2) returning revoked_at")
        .execute(Tuple.of(subject, reason))
        .map(rows -> rows.iterator().next().getOffsetDateTime(0).toInstant());
  }

  /** Every revocation, newest first. */
  public Future<List<Revocation>> list() {
    return pool.query(
            "select jti, subject, revoked_at, reason from token_revocations"
                + " order by revoked_at desc, id desc")
        .execute()
        .map(
            rows ->
                Rows.all(
                    rows,
                    r ->
                        new Revocation(
                            Optional.ofNullable(r.getString("jti")),
                            Optional.ofNullable(r.getString("subject")),
                            r.getOffsetDateTime("revoked_at").toInstant(),
                            r.getString("reason"))));
  }
}
