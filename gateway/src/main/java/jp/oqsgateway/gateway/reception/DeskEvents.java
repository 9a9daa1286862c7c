package jp.oqsgateway.gateway.reception;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.sql.Rows;

/**
 * What the outbox says about a desk's surroundings, for a screen that (re)loads: the newest event
 * (the screen subscribes from there and misses nothing in between), the link's last change, and the
 * reader agents of the desk by their last {@code agent.connected}/{@code agent.disconnected}.
 */
public final class DeskEvents {
  /** The link's last change: {@code terminal.link.down} or {@code terminal.link.up}, and when. */
  public record LinkChange(boolean up, Instant since) {}

  /** A reader agent of the desk: connected or not, since its last such event. */
  public record Agent(String agentId, boolean connected, Instant since) {}

  private final Pool pool;

  public DeskEvents(Pool pool) {
    this.pool = pool;
  }

  /** The id of the newest event in the outbox, if any. */
  public Future<Optional<UUID>> latestEventId() {
    return pool.query("select id from outbox_event order by recorded_at desc, id desc limit 1")
        .execute()
        .map(rows -> Rows.first(rows, r -> r.getUUID("id")));
  }

  public Future<Optional<LinkChange>> lastLinkChange() {
    return pool.query(
            "select type, occurred_at from outbox_event"
                + " where type in ('terminal.link.down', 'terminal.link.up')"
                + " order by recorded_at desc limit 1")
        .execute()
        .map(
            rows ->
                Rows.first(
                    rows,
                    r -> new LinkChange("terminal.link.up".equals(r.getString("type")), at(r))));
  }

  public Future<List<Agent>> agents(String desk) {
    return pool.preparedQuery(
            "select distinct on (payload->>'agentId') payload->>'agentId' as agent_id, type,"
                + " occurred_at from outbox_event"
                + " where type in ('agent.connected', 'agent.disconnected')"
                + " and jsonb_exists(payload->'deskIds', $1)"
                + " order by payload->>'agentId', recorded_at desc")
        .execute(Tuple.of(desk))
        .map(
            rows ->
                Rows.all(
                    rows,
                    r ->
                        new Agent(
                            r.getString("agent_id"),
                            "agent.connected".equals(r.getString("type")),
                            at(r))));
  }

  private static Instant at(Row r) {
    OffsetDateTime t = r.getOffsetDateTime("occurred_at");
    return t.withOffsetSameInstant(ZoneOffset.UTC).toInstant();
  }
}
