package jp.oqsgateway.gateway.http.reception;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.oqsgateway.gateway.cards.CardLinkTask;
import jp.oqsgateway.gateway.cards.CardStore;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.http.Cursors;
import jp.oqsgateway.gateway.http.ReadAudit;
import jp.oqsgateway.gateway.http.ReadAudit.Purpose;
import jp.oqsgateway.gateway.http.RequestDates;
import jp.oqsgateway.gateway.http.Requests;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.http.cards.CardLinkTaskHandlers;
import jp.oqsgateway.gateway.patients.PatientLinkStore;
import jp.oqsgateway.gateway.qualification.CheckListings;
import jp.oqsgateway.gateway.qualification.CheckListings.Page;
import jp.oqsgateway.gateway.qualification.CheckListings.Position;
import jp.oqsgateway.gateway.qualification.CheckListings.Query;
import jp.oqsgateway.gateway.qualification.CheckState;
import jp.oqsgateway.gateway.qualification.QualificationCheck;
import jp.oqsgateway.gateway.qualification.diff.TextKeys;
import jp.oqsgateway.gateway.reception.DeskEvents;

/**
 * The reception screen's reads, which a chart system may use too: recent checks ({@code GET
 * /qualification-checks}), a desk's state in one call ({@code GET /desks/{desk}/state}) and the
 * candidate patients of a card-link task ({@code GET /card-link-tasks/{id}/candidates}). A token
 * signed in at a desk sees only its desk (403 {@code desk-not-allowed}); every check shown is
 * recorded by {@link ReadAudit} before the answer leaves.
 */
public final class ReceptionHandlers {
  /** Checks a desk's state shows, of each kind. */
  static final int DESK_STATE_CHECKS = 20;

  private static final int DEFAULT_LIMIT = 20;

  private final CheckListings listings;
  private final DeskEvents events;
  private final CardStore cards;
  private final PatientLinkStore links;
  private final ReadAudit audit;

  public ReceptionHandlers(
      CheckListings listings,
      DeskEvents events,
      CardStore cards,
      PatientLinkStore links,
      ReadAudit audit) {
    this.listings = listings;
    this.events = events;
    this.cards = cards;
    this.links = links;
    this.audit = audit;
  }

  public void register(RouterBuilder builder) {
    builder.getRoute("listQualificationChecks").addHandler(this::list);
    builder.getRoute("getDeskState").addHandler(this::deskState);
    builder.getRoute("listCardLinkTaskCandidates").addHandler(this::taskCandidates);
  }

  private void list(RoutingContext ctx) {
    Future.succeededFuture(ctx)
        .map(ReceptionHandlers::query)
        .compose(listings::list)
        .compose(page -> audit.recordEach(ctx, Purpose.CHECK_LIST, page.checks()).map(page))
        .onSuccess(page -> ctx.json(page(page)))
        .onFailure(ctx::fail);
  }

  private static JsonObject page(Page page) {
    JsonObject json = new JsonObject().put("items", CheckSummaryJson.all(page.checks()));
    json.put("nextCursor", page.next().map(p -> Cursors.of(p.requestedAt(), p.id())).orElse(null));
    return json;
  }

  private static Query query(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    Optional<String> desk = Requests.query(ctx, "desk");
    desk.ifPresent(caller::requireDesk);
    Set<String> desks = desk.map(Set::of).orElse(caller.desks());
    return new Query(
        desks,
        Requests.query(ctx, "source"),
        Requests.query(ctx, "state").map(CheckState::valueOf),
        unlinked(ctx),
        instant(ctx, "since"),
        instant(ctx, "until"),
        Requests.queryInt(ctx, "limit").orElse(DEFAULT_LIMIT),
        Cursors.parse(Requests.query(ctx, "cursor")).map(at -> new Position(at.time(), at.id())));
  }

  /** {@code unlinked=true}: the validator has read it as a boolean already. */
  private static boolean unlinked(RoutingContext ctx) {
    var v = Requests.validated(ctx).getQuery().get("unlinked");
    return v != null && !v.isNull() && Boolean.TRUE.equals(v.getBoolean());
  }

  private static Optional<Instant> instant(RoutingContext ctx, String name) {
    try {
      return Requests.query(ctx, name).map(Instant::parse);
    } catch (DateTimeParseException e) {
      throw Rejection.invalid(name, "must be an instant such as 2026-12-04T09:00:00Z");
    }
  }

  /**
   * The newest event id is read first: a screen subscribing from it then misses nothing that
   * happened while the rest was read (it may see an event twice, never lose one).
   */
  private void deskState(RoutingContext ctx) {
    String desk = Requests.path(ctx, "desk");
    JsonObject state = new JsonObject().put("desk", desk);
    List<QualificationCheck> shown = new ArrayList<>();
    Future.succeededFuture(desk)
        .map(
            d -> {
              Caller.of(ctx).requireDesk(d);
              return d;
            })
        .compose(d -> events.latestEventId())
        .compose(
            latest -> {
              state.put("latestEventId", latest.map(UUID::toString).orElse(null));
              return Future.all(
                  events.lastLinkChange(),
                  events.agents(desk),
                  listings.list(deskQuery(desk, false)),
                  cards.openTasks(desk),
                  listings.list(deskQuery(desk, true)));
            })
        .compose(
            all -> {
              Optional<DeskEvents.LinkChange> link = all.resultAt(0);
              List<DeskEvents.Agent> agents = all.resultAt(1);
              Page checks = all.resultAt(2);
              List<CardLinkTask> tasks = all.resultAt(3);
              Page unassigned = all.resultAt(4);
              state.put("link", link(link));
              state.put("agents", agents(agents));
              state.put("checks", CheckSummaryJson.all(checks.checks()));
              state.put("linkTasks", Requests.array(tasks, CardLinkTaskHandlers::toJson));
              state.put("unassignedReadings", CheckSummaryJson.all(unassigned.checks()));
              shown.addAll(checks.checks());
              shown.addAll(unassigned.checks());
              return audit.recordEach(ctx, Purpose.DESK_STATE, shown);
            })
        .onSuccess(v -> ctx.json(state))
        .onFailure(ctx::fail);
  }

  /** The desk's newest checks, or its answered readings that belong to no patient yet. */
  private static Query deskQuery(String desk, boolean unassignedReadings) {
    return new Query(
        Set.of(desk),
        Optional.empty(),
        unassignedReadings ? Optional.of(CheckState.ANSWERED) : Optional.empty(),
        unassignedReadings,
        Optional.empty(),
        Optional.empty(),
        DESK_STATE_CHECKS,
        Optional.empty());
  }

  private static JsonObject link(Optional<DeskEvents.LinkChange> change) {
    JsonObject link = new JsonObject();
    link.put("state", change.map(c -> c.up() ? "UP" : "DOWN").orElse("UNKNOWN"));
    change.ifPresent(c -> link.put("since", c.since().toString()));
    return link;
  }

  private static JsonArray agents(List<DeskEvents.Agent> agents) {
    JsonArray list = new JsonArray();
    for (DeskEvents.Agent a : agents) {
      list.add(
          new JsonObject()
              .put("agentId", a.agentId())
              .put("connected", a.connected())
              .put("since", a.since().toString()));
    }
    return list;
  }

  private void taskCandidates(RoutingContext ctx) {
    UUID taskId = Requests.pathId(ctx, "taskId");
    String kana = TextKeys.kana(Requests.query(ctx, "kana").orElseThrow());
    LocalDate birthDate =
        RequestDates.realDate("birthDate", Requests.query(ctx, "birthDate").orElseThrow());
    cards
        .task(taskId)
        .map(
            task -> {
              CardLinkTask t =
                  task.orElseThrow(() -> Rejection.notFound("taskId", "no such linking task"));
              Caller.of(ctx).requireDesk(t.deskId());
              return t;
            })
        .compose(
            t ->
                kana.isEmpty()
                    ? Future.succeededFuture(List.<String>of())
                    : links.patientsByKanaAndBirthdate(kana, birthDate))
        .compose(
            ids -> audit.recordPatients(ctx, Purpose.CANDIDATES, ids, Optional.empty()).map(ids))
        .onSuccess(
            ids -> {
              JsonArray candidates = new JsonArray();
              ids.forEach(id -> candidates.add(new JsonObject().put("chartPatientId", id)));
              ctx.json(
                  new JsonObject()
                      .put("taskId", taskId.toString())
                      .put("matchedBy", ids.isEmpty() ? "none" : "kanaAndBirthdate")
                      .put("candidates", candidates));
            })
        .onFailure(ctx::fail);
  }
}
