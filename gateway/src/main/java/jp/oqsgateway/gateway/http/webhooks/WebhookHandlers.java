package jp.oqsgateway.gateway.http.webhooks;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.failure.Rejection;
import jp.oqsgateway.gateway.http.Requests;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.http.auth.Role;
import jp.oqsgateway.gateway.notify.DeliveryLogEntry;
import jp.oqsgateway.gateway.notify.SecretBox;
import jp.oqsgateway.gateway.notify.TargetPolicy;
import jp.oqsgateway.gateway.notify.WebhookSignature;
import jp.oqsgateway.gateway.notify.WebhookStore;
import jp.oqsgateway.gateway.notify.WebhookSubscription;
import jp.oqsgateway.gateway.notify.WebhookTargets;
import jp.oqsgateway.gateway.sql.RowIds;

/**
 * {@code /api/v1/webhook-subscriptions}: create (the secret is answered once), list, delete, and
 * the delivery log. A chart system sees and deletes only the subscriptions it created; operators
 * and admins see all of them. The router has already validated every body and parameter against the
 * OpenAPI document (URL shape, event-type names, limits); here the URL is checked against the rules
 * on webhook targets ({@link TargetPolicy}: https, no address on this machine or the clinic LAN
 * unless allowed) and the creator's number of subscriptions. The target is checked again at every
 * delivery: what counts is the address connected to then.
 */
public final class WebhookHandlers {
  private static final Set<Role> SEES_ALL = EnumSet.of(Role.OPS, Role.ADMIN);

  /** How long a subscription waits for its host to resolve before accepting it unresolved. */
  private static final long RESOLVE_WAIT_MILLIS = 2000;

  private final WebhookStore store;
  private final WebhookTargets targets;
  private final SecretBox secrets;
  private final int maxPerSubject;

  public WebhookHandlers(
      WebhookStore store, WebhookTargets targets, SecretBox secrets, int maxPerSubject) {
    this.store = store;
    this.targets = targets;
    this.secrets = secrets;
    this.maxPerSubject = maxPerSubject;
  }

  /** Registers the operations on the router builder. */
  public void register(RouterBuilder builder) {
    builder.getRoute("createWebhookSubscription").addHandler(this::create);
    builder.getRoute("listWebhookSubscriptions").addHandler(this::list);
    builder.getRoute("deleteWebhookSubscription").addHandler(this::delete);
    builder.getRoute("listWebhookDeliveries").addHandler(this::deliveries);
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Requests.body(ctx);
    Set<EventType> types = EnumSet.noneOf(EventType.class);
    for (Object name : body.getJsonArray("eventTypes")) {
      types.add(EventType.fromWire(String.valueOf(name)).orElseThrow()); // the schema's enum
    }
    String url = body.getString("url");
    checkTarget(ctx, url)
        .compose(
            refusal ->
                refusal == null
                    ? insert(ctx, url, types)
                    : Future.failedFuture(
                        Rejection.of(
                                Rejection.Kind.INVALID,
                                "invalid-field",
                                "Invalid request",
                                "url " + refusal)
                            .onField("url")))
        .onSuccess(
            created ->
                Requests.answerAt(
                    ctx,
                    201,
                    WebhookJson.location(created.subscription()),
                    WebhookJson.of(created.subscription()).put("secret", created.secret())))
        .onFailure(ctx::fail);
  }

  /** A stored subscription and its secret in clear, answered once. */
  private record Created(WebhookSubscription subscription, String secret) {}

  /** Stores the subscription with its secret sealed; a conflict over the cap. */
  private Future<Created> insert(RoutingContext ctx, String url, Set<EventType> types) {
    UUID id = RowIds.next();
    String secret = WebhookSignature.newSecret();
    return store
        .create(id, url, types, secrets.seal(id, secret), Caller.of(ctx).subject(), maxPerSubject)
        .map(created -> new Created(created, secret));
  }

  /**
   * Null when {@code url} may be subscribed, else the rule it breaks. A host that does not resolve
   * now (or not within {@value #RESOLVE_WAIT_MILLIS} ms) is accepted: the receiver may not exist
   * yet, and every delivery checks the address it connects to anyway.
   */
  private Future<String> checkTarget(RoutingContext ctx, String url) {
    Promise<String> verdict = Promise.promise();
    long timer = ctx.vertx().setTimer(RESOLVE_WAIT_MILLIS, id -> verdict.tryComplete(null));
    targets
        .resolve(url)
        .onComplete(
            r -> {
              ctx.vertx().cancelTimer(timer);
              verdict.tryComplete(
                  r.failed() && r.cause() instanceof TargetPolicy.Refused
                      ? r.cause().getMessage()
                      : null);
            });
    return verdict.future();
  }

  private void list(RoutingContext ctx) {
    store
        .list(owner(ctx))
        .onSuccess(
            all ->
                ctx.json(
                    new JsonObject().put("subscriptions", Requests.array(all, WebhookJson::of))))
        .onFailure(ctx::fail);
  }

  private void delete(RoutingContext ctx) {
    store
        .deactivate(subscriptionId(ctx), owner(ctx))
        .compose(deleted -> deleted ? Future.succeededFuture() : Future.failedFuture(notFound()))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void deliveries(RoutingContext ctx) {
    int limit = Requests.queryInt(ctx, "limit").orElse(100);
    UUID id = subscriptionId(ctx);
    store
        .find(id, owner(ctx))
        .compose(
            found ->
                found.isEmpty()
                    ? Future.<List<DeliveryLogEntry>>failedFuture(notFound())
                    : store.deliveries(id, limit))
        .map(
            log ->
                new JsonObject()
                    .put("subscriptionId", id.toString())
                    .put("deliveries", Requests.array(log, WebhookJson::of)))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private static UUID subscriptionId(RoutingContext ctx) {
    return Requests.pathId(ctx, "subscriptionId");
  }

  /** Whose subscriptions the caller may see: its own, or everyone's for operators and admins. */
  private static Optional<String> owner(RoutingContext ctx) {
    Caller caller = Caller.of(ctx);
    return caller.hasAnyOf(SEES_ALL) ? Optional.empty() : Optional.of(caller.subject());
  }

  private static Rejection notFound() {
    return Rejection.notFound("subscriptionId", "no webhook subscription with this id");
  }
}
