package jp.oqsgateway.gateway.cards;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.events.Outbox;
import jp.oqsgateway.gateway.sql.RowIds;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * SQL for card identity: challenges ({@code card_challenge}), links of cards to chart patients
 * ({@code card_link}, one active link per card) and linking tasks ({@code card_link_task}, one open
 * task per card).
 */
public final class CardStore {
  private static final String LINK_COLUMNS =
      "id, chart_patient_id, linked_by, linked_at, task_id, superseded_at";
  private static final String TASK_COLUMNS =
      "id, reason, desk_id, reader_id, created_at, presented_at";

  /** A challenge that cannot be answered: unknown, already answered or expired (409). */
  public static final class ChallengeRefused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ChallengeRefused(String reason) {
      super(reason);
    }
  }

  /** How long after its expiry a challenge is kept (to answer "expired" rather than "unknown"). */
  public static final String PURGE_AFTER_EXPIRY = "1 day";

  private final Pool pool;
  private final Outbox outbox;

  public CardStore(Pool pool, Outbox outbox) {
    this.pool = pool;
    this.outbox = outbox;
  }

  /**
   * Stores a new challenge, and deletes those that expired more than {@value #PURGE_AFTER_EXPIRY}
   * ago (answered or not: they prove nothing any more, and each keeps a card's certificate).
   */
  public Future<Void> insertChallenge(SqlConnection tx, Challenge c) {
    return tx.preparedQuery(
            "insert into card_challenge (id, card_event_id, agent_id, desk_id, reader_id,"
                + " fingerprint, certificate, nonce, expires_at)"
                + " values ($1, $2, $3, $4, $5, $6, $7, $8, $9)")
        .execute(
            Tuple.from(
                new Object[] {
                  c.id(),
                  c.cardEventId(),
                  c.agentId(),
                  c.deskId(),
                  c.readerId(),
                  c.fingerprint(),
                  Buffer.buffer(c.certificate()),
                  Buffer.buffer(c.nonce()),
                  c.expiresAt().atOffset(ZoneOffset.UTC)
                }))
        .compose(
            v ->
                tx.preparedQuery(
                        "delete from card_challenge where expires_at < now() - interval '"
                            + PURGE_AFTER_EXPIRY
                            + "'")
                    .execute())
        .mapEmpty();
  }

  /**
   * Marks the challenge answered, once: fails with {@link ChallengeRefused} when it is unknown (or
   * issued to another agent or card event), answered before, or expired.
   */
  public Future<Challenge> useChallenge(
      SqlConnection tx, UUID challengeId, UUID cardEventId, String agentId) {
    return tx.preparedQuery(
            "select id, card_event_id, agent_id, desk_id, reader_id, fingerprint, certificate,"
                + " nonce, expires_at, used_at, expires_at < now() as expired"
                + " from card_challenge where id = $1 for update")
        .execute(Tuple.of(challengeId))
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.failedFuture(new ChallengeRefused("unknown challenge"));
              }
              Row r = rows.iterator().next();
              if (!r.getUUID("card_event_id").equals(cardEventId)
                  || !r.getString("agent_id").equals(agentId)) {
                return Future.failedFuture(
                    new ChallengeRefused("the challenge was issued for another card event"));
              }
              if (r.getValue("used_at") != null) {
                return Future.failedFuture(
                    new ChallengeRefused("the challenge was answered already"));
              }
              if (r.getBoolean("expired")) {
                return Future.failedFuture(new ChallengeRefused("the challenge has expired"));
              }
              Challenge c =
                  new Challenge(
                      r.getUUID("id"),
                      r.getUUID("card_event_id"),
                      r.getString("agent_id"),
                      r.getString("desk_id"),
                      r.getString("reader_id"),
                      r.getString("fingerprint"),
                      r.getBuffer("certificate").getBytes(),
                      r.getBuffer("nonce").getBytes(),
                      instant(r.getOffsetDateTime("expires_at")));
              return tx.preparedQuery("update card_challenge set used_at = now() where id = $1")
                  .execute(Tuple.of(challengeId))
                  .map(c);
            });
  }

  /** The patient the card is linked to now, if any. */
  public Future<Optional<CardLink>> activeLink(String fingerprint) {
    return pool.preparedQuery(
            "select "
                + LINK_COLUMNS
                + " from card_link where fingerprint = $1 and superseded_at is null")
        .execute(Tuple.of(fingerprint))
        .map(rows -> Rows.first(rows, CardStore::toLink));
  }

  /**
   * Opens the card's linking task at this desk, or moves its open task here (presented again), and
   * appends {@code card.link.task} in the same transaction.
   */
  public Future<CardLinkTask> openTask(
      String fingerprint,
      String reason,
      String deskId,
      String readerId,
      String agentId,
      UUID cardEventId) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "insert into card_link_task (id, fingerprint, reason, desk_id, reader_id,"
                        + " agent_id, card_event_id) values ($1, $2, $3, $4, $5, $6, $7)"
                        + " on conflict (fingerprint) where closed_at is null do update set"
                        + " reason = excluded.reason, desk_id = excluded.desk_id,"
                        + " reader_id = excluded.reader_id, agent_id = excluded.agent_id,"
                        + " card_event_id = excluded.card_event_id, presented_at = now()"
                        + " returning "
                        + TASK_COLUMNS)
                .execute(
                    Tuple.from(
                        new Object[] {
                          RowIds.next(), fingerprint, reason, deskId, readerId, agentId, cardEventId
                        }))
                .compose(
                    rows -> {
                      CardLinkTask task = toTask(rows.iterator().next());
                      JsonObject data =
                          new JsonObject()
                              .put("taskId", task.id().toString())
                              .put("reason", task.reason())
                              .put("deskId", task.deskId())
                              .put("readerId", task.readerId())
                              .put("cardEventId", cardEventId.toString());
                      return outbox.append(tx, Event.of(EventType.CARD_LINK_TASK, data)).map(task);
                    }));
  }

  /** A task, open or closed, or empty when unknown. */
  public Future<Optional<CardLinkTask>> task(UUID taskId) {
    return pool.preparedQuery("select " + TASK_COLUMNS + " from card_link_task where id = $1")
        .execute(Tuple.of(taskId))
        .map(rows -> Rows.first(rows, CardStore::toTask));
  }

  /** The open tasks of a desk, the most recently presented first. */
  public Future<List<CardLinkTask>> openTasks(String deskId) {
    return pool.preparedQuery(
            "select "
                + TASK_COLUMNS
                + " from card_link_task where desk_id = $1 and closed_at is null"
                + " order by presented_at desc")
        .execute(Tuple.of(deskId))
        .map(rows -> Rows.all(rows, CardStore::toTask));
  }

  /**
   * Links the task's card to the patient and closes the task, in one transaction: the card's
   * earlier active link and the patient's links of other cards (a renewed card) are superseded, and
   * kept. Confirming the same task for the same patient again answers the same link.
   */
  public Future<LinkResult> link(UUID taskId, String chartPatientId, String linkedBy) {
    return pool.withTransaction(
        tx ->
            tx.preparedQuery(
                    "select fingerprint, closed_at, chart_patient_id, card_link_id"
                        + " from card_link_task where id = $1 for update")
                .execute(Tuple.of(taskId))
                .compose(
                    rows -> {
                      if (rows.size() == 0) {
                        return Future.succeededFuture(new LinkResult.UnknownTask());
                      }
                      Row task = rows.iterator().next();
                      if (task.getValue("closed_at") != null) {
                        if (!chartPatientId.equals(task.getString("chart_patient_id"))
                            || task.getUUID("card_link_id") == null) {
                          return Future.succeededFuture(new LinkResult.ClosedForAnother());
                        }
                        return linked(tx, taskId, task.getUUID("card_link_id"));
                      }
                      return newLink(
                          tx, taskId, task.getString("fingerprint"), chartPatientId, linkedBy);
                    }));
  }

  private Future<LinkResult> newLink(
      SqlConnection tx, UUID taskId, String fingerprint, String patient, String by) {
    UUID linkId = RowIds.next();
    return tx.preparedQuery(
            "update card_link set superseded_at = now(), superseded_by = $3"
                + " where superseded_at is null and (fingerprint = $1 or chart_patient_id = $2)")
        .execute(Tuple.of(fingerprint, patient, linkId))
        .compose(
            v ->
                tx.preparedQuery(
                        "insert into card_link (id, fingerprint, chart_patient_id, linked_by,"
                            + " task_id) values ($1, $2, $3, $4, $5)")
                    .execute(Tuple.of(linkId, fingerprint, patient, by, taskId)))
        .compose(
            v ->
                tx.preparedQuery(
                        "update card_link_task set closed_at = now(), closed_by = $2,"
                            + " chart_patient_id = $3, card_link_id = $4 where id = $1")
                    .execute(Tuple.of(taskId, by, patient, linkId)))
        .compose(v -> linked(tx, taskId, linkId));
  }

  private Future<LinkResult> linked(SqlConnection tx, UUID taskId, UUID linkId) {
    return tx.preparedQuery("select " + LINK_COLUMNS + " from card_link where id = $1")
        .execute(Tuple.of(linkId))
        .compose(
            rows -> {
              CardLink link = toLink(rows.iterator().next());
              return tx.preparedQuery(
                      "select id from card_link where superseded_by = $1 order by linked_at")
                  .execute(Tuple.of(linkId))
                  .map(
                      old -> {
                        List<UUID> ids = new ArrayList<>();
                        old.forEach(r -> ids.add(r.getUUID("id")));
                        return (LinkResult) new LinkResult.Linked(taskId, link, ids);
                      });
            });
  }

  private static CardLink toLink(Row r) {
    return new CardLink(
        r.getUUID("id"),
        r.getString("chart_patient_id"),
        r.getString("linked_by"),
        instant(r.getOffsetDateTime("linked_at")),
        Optional.ofNullable(r.getUUID("task_id")),
        Optional.ofNullable(r.getOffsetDateTime("superseded_at")).map(CardStore::instant));
  }

  private static CardLinkTask toTask(Row r) {
    return new CardLinkTask(
        r.getUUID("id"),
        r.getString("reason"),
        r.getString("desk_id"),
        r.getString("reader_id"),
        instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("presented_at")));
  }

  private static Instant instant(OffsetDateTime t) {
    return t.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
  }
}
