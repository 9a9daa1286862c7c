package jp.oqsgateway.gateway.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import jp.oqsgateway.gateway.store.DeliveryQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays committed outbox events to webhook subscribers, at least once. When events are committed
 * (PostgreSQL NOTIFY on {@value #CHANNEL}, sent by a trigger on commit), and at the latest every
 * {@code outbox.poll-interval}, it fans new events out into {@code webhook_delivery} rows (one per
 * matching active subscription), then claims due deliveries up to the free concurrency and POSTs
 * them, signed. 2xx is delivered; anything else is retried with backoff and jitter until {@code
 * webhooks.max-attempts}, then given up. Everything it knows is in the tables, so a restart (or
 * another gateway on the same database) carries on where this one stopped. Logs name subscription
 * and event ids, never URLs, bodies or patient data.
 */
public final class OutboxRelay extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  static final int FAN_OUT_BATCH = 500;
  public static final String HEADER_EVENT_ID = "X-OQSGW-Event-Id";
  public static final String HEADER_EVENT_TYPE = "X-OQSGW-Event-Type";
  public static final String HEADER_SIGNATURE = "X-OQSGW-Signature";
  public static final String HEADER_TIMESTAMP = "X-OQSGW-Timestamp";

  private final DeliveryQueue queue;
  private final RelayConfig config;

  /**
   * Records each attempt whose event carries check data before it is made; an attempt that cannot
   * be recorded is not made (it counts as a failed attempt and is retried).
   */
  private final DeliveryAudit audit;

  private final RetrySchedule schedule;
  private final WebhookMetrics metrics;
  private WebClient client;
  private long timer = -1;
  private boolean ticking;

  /** A wake-up came during a round: run another one right after it. */
  private boolean again;

  private final Optional<PgConnectOptions> listenTo;
  private PgSubscriber subscriber;
  private boolean stopping;

  /** Deliveries under way (bounded by {@code webhooks.concurrency}). */
  private int inFlight;

  /** Rounds and deliveries under way: stopping waits until none is, so all get recorded. */
  private int busy;

  private Promise<Void> drained;

  /** The channel the {@code outbox_event} trigger notifies (migration V15). */
  static final String CHANNEL = "oqsgw_outbox";

  /**
   * @param listenTo the database to LISTEN on for committed events; without it the relay only polls
   */
  public OutboxRelay(
      DeliveryAudit audit,
      DeliveryQueue queue,
      RelayConfig config,
      MeterRegistry registry,
      Optional<PgConnectOptions> listenTo) {
    this.listenTo = listenTo;
    this.queue = queue;
    this.config = config;
    this.audit = audit;
    this.schedule =
        new RetrySchedule(
            config.retryDelays(),
            config.maxAttempts(),
            () -> ThreadLocalRandom.current().nextDouble());
    this.metrics = new WebhookMetrics(registry);
  }

  @Override
  public Future<?> start() {
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
    client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("oqs-gateway-webhooks")
                .setFollowRedirects(false)
                .setConnectTimeout(timeoutMillis));
    timer = vertx.setPeriodic(0, config.pollInterval().toMillis(), id -> tick());
    listenTo.ifPresent(this::listen);
    return Future.succeededFuture();
  }

  /**
   * Wakes up on every commit that appended events. Best effort: while the subscriber is not
   * connected (it reconnects on its own), the poll delivers.
   */
  private void listen(PgConnectOptions options) {
    subscriber = PgSubscriber.subscriber(vertx, options);
    subscriber.reconnectPolicy(retries -> config.pollInterval().toMillis());
    subscriber.channel(CHANNEL).handler(payload -> tick());
    subscriber
        .connect()
        .onFailure(
            e ->
                LOG.atWarn()
                    .setCause(e)
                    .log("cannot listen for committed events; webhooks follow the poll interval"));
  }

  /** One round: fan out, claim what is due and free, start delivering it. Never overlaps. */
  private void tick() {
    if (stopping) {
      return;
    }
    if (ticking) {
      again = true;
      return;
    }
    ticking = true;
    busy++;
    queue
        .fanOut(FAN_OUT_BATCH)
        .compose(
            fannedOut -> {
              int free = config.concurrency() - inFlight;
              return free > 0
                  ? queue.claim(free, lease())
                  : Future.succeededFuture(List.<DueDelivery>of());
            })
        .compose(
            due -> {
              due.forEach(this::deliver);
              return queue.pendingCount();
            })
        .onSuccess(metrics::pending)
        .onFailure(
            e -> LOG.atWarn().setCause(e).log("outbox relay round failed; next round retries"))
        .onComplete(
            r -> {
              ticking = false;
              idle();
              if (again) {
                again = false;
                tick();
              }
            });
  }

  private void idle() {
    busy--;
    if (stopping && busy == 0 && drained != null) {
      drained.tryComplete();
    }
  }

  /** A claimed delivery is not claimed again before its attempt can have ended. */
  private Duration lease() {
    return config.timeout().plusSeconds(10);
  }

  private void deliver(DueDelivery d) {
    inFlight++;
    busy++;
    long started = System.nanoTime();
    audit
        .beforeSending(d)
        .compose(attemptId -> post(d))
        .transform(done -> record(d, done, Duration.ofNanos(System.nanoTime() - started)))
        .onComplete(
            r -> {
              if (r.failed()) {
                LOG.atWarn()
                    .setCause(r.cause())
                    .addKeyValue("subscriptionId", d.subscriptionId())
                    .addKeyValue("eventId", d.event().id())
                    .log("cannot record a webhook attempt; it is retried after its lease");
              }
              inFlight--;
              idle();
            });
  }

  private Future<HttpResponse<Buffer>> post(DueDelivery d) {
    Buffer body = Buffer.buffer(d.event().toJson().encode());
    long timestamp = Instant.now().getEpochSecond();
    try {
      return client
          .postAbs(d.url())
          .timeout(config.timeout().toMillis())
          .followRedirects(false)
          .putHeader("Content-Type", "application/json")
          .putHeader(HEADER_EVENT_ID, d.event().id().toString())
          .putHeader(HEADER_EVENT_TYPE, d.event().type().wireName())
          .putHeader(HEADER_TIMESTAMP, Long.toString(timestamp))
          .putHeader(
              HEADER_SIGNATURE, WebhookSignature.sign(d.secret(), timestamp, body.getBytes()))
          .sendBuffer(body);
    } catch (RuntimeException e) {
      return Future.failedFuture(e); // an URL the client cannot use
    }
  }

  private Future<Void> record(
      DueDelivery d, AsyncResult<HttpResponse<Buffer>> done, Duration took) {
    EventType type = d.event().type();
    Integer status = done.succeeded() ? done.result().statusCode() : null;
    if (status != null && status >= 200 && status < 300) {
      metrics.attempt(type, WebhookMetrics.Outcome.DELIVERED, took);
      metrics.latency(type, Duration.between(d.event().occurredAt(), Instant.now()));
      return queue.delivered(d.subscriptionId(), d.event().id(), status);
    }
    String error =
        status != null
            ? "HTTP " + status
            : done.cause().getClass().getSimpleName() + ": " + done.cause().getMessage();
    int attempts = d.attempts() + 1;
    Optional<Duration> next = schedule.after(attempts);
    WebhookMetrics.Outcome outcome =
        next.isEmpty() ? WebhookMetrics.Outcome.GIVEN_UP : WebhookMetrics.Outcome.RETRY;
    metrics.attempt(type, outcome, took);
    var log =
        (next.isEmpty() ? LOG.atWarn() : LOG.atInfo())
            .addKeyValue("subscriptionId", d.subscriptionId())
            .addKeyValue("eventId", d.event().id())
            .addKeyValue("eventType", type.wireName())
            .addKeyValue("attempts", attempts)
            .addKeyValue("status", status == null ? "none" : status.toString());
    if (next.isEmpty()) {
      log.log("webhook delivery given up after the last allowed attempt");
      return queue.giveUp(d.subscriptionId(), d.event().id(), status, error);
    }
    log.addKeyValue("retryInMillis", next.get().toMillis()).log("webhook attempt failed");
    return queue.retryLater(d.subscriptionId(), d.event().id(), status, error, next.get());
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (subscriber != null) {
      subscriber.close();
    }
    Future<Void> idle;
    if (busy == 0) {
      idle = Future.succeededFuture();
    } else {
      drained = Promise.promise();
      idle = drained.future();
    }
    return idle.onComplete(
        r -> {
          if (client != null) {
            client.close();
          }
        });
  }
}
