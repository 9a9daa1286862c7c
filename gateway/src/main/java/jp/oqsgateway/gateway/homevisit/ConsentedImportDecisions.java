package jp.oqsgateway.gateway.homevisit;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.homevisit.ConsentedImportQueue.Item;
import jp.oqsgateway.gateway.patients.LinkOutcome;
import jp.oqsgateway.gateway.patients.LinkedQualification;
import jp.oqsgateway.gateway.patients.PatientLinkStore;
import jp.oqsgateway.gateway.qualification.ImportedChecks;

/**
 * A person's decision on a queued unit: link it to the chart patient they chose (as an automatic
 * match would link it, relationship included), or dismiss it with a reason. A decided item stays as
 * it was decided; a second decision is a conflict.
 */
public final class ConsentedImportDecisions {
  /** A decided item, and what linking it did to the patient's relationship. */
  public record Decided(Item item, Optional<LinkOutcome> outcome, boolean relationshipChanged) {}

  private final Pool pool;
  private final PatientLinkStore links;
  private final ConsentedImportQueue queue;
  private final ConsentedLinking linking;

  public ConsentedImportDecisions(
      Pool pool, PatientLinkStore links, ConsentedImportQueue queue, ConsentedLinking linking) {
    this.pool = pool;
    this.links = links;
    this.queue = queue;
    this.linking = linking;
  }

  public Future<Decided> link(UUID id, String chartPatientId, String by) {
    return pool.withTransaction(
            tx ->
                waiting(tx, id)
                    .compose(
                        item ->
                            ImportedChecks.locked(tx, item.checkId())
                                .map(
                                    c ->
                                        c.flatMap(check -> check.result())
                                            .flatMap(LinkedQualification::fromAnswer)
                                            .orElseThrow(ConsentedImportDecisions::noQualification))
                                .compose(
                                    q ->
                                        links.linkWithin(tx, chartPatientId, item.checkId(), q, by))
                                .compose(outcome -> linked(tx, item, chartPatientId, outcome, by))))
        .compose(
            d -> {
              d.outcome().ifPresent(linking::linked);
              return linking
                  .relationship(
                      chartPatientId,
                      d.item().checkId(),
                      d.item().family(),
                      d.item().consentDate(),
                      d.item().valid())
                  .map(
                      e ->
                          new Decided(
                              d.item(), d.outcome(), e != ConsentedRelationships.Effect.UNCHANGED));
            });
  }

  public Future<Item> dismiss(UUID id, String reason, String by) {
    return pool.withTransaction(
        tx ->
            waiting(tx, id)
                .compose(
                    item ->
                        queue.decide(
                            tx, id, "dismissed", Optional.empty(), Optional.of(reason), by)));
  }

  private Future<Decided> linked(
      SqlConnection tx, Item item, String chartPatientId, LinkOutcome outcome, String by) {
    if (outcome instanceof LinkOutcome.HeldByAnother h) {
      return Future.failedFuture(
          Rejection.conflict(
                  "linked-to-another-patient",
                  "Linked to another patient",
                  "this qualification is linked to chart patient "
                      + h.otherChartPatientId()
                      + "; unlink it there first")
              .onField("chartPatientId")
              .with(Map.of("linkedChartPatientId", h.otherChartPatientId())));
    }
    return queue
        .decide(tx, item.id(), "linked", Optional.of(chartPatientId), Optional.empty(), by)
        .map(decided -> new Decided(decided, Optional.of(outcome), false));
  }

  private Future<Item> waiting(SqlConnection tx, UUID id) {
    return queue
        .lock(tx, id)
        .map(
            found -> {
              Item item =
                  found.orElseThrow(() -> Rejection.notFound("id", "no queued unit with this id"));
              if (!item.waiting()) {
                throw Rejection.conflict(
                        "already-decided", "Already decided", "the unit is " + item.state())
                    .onField("id");
              }
              return item;
            });
  }

  private static Rejection noQualification() {
    return Rejection.conflict(
            "no-single-qualification",
            "No single qualification",
            "the imported answer holds no single qualification to link")
        .onField("id");
  }
}
