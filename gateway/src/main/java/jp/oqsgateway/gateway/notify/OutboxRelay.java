package jp.oqsgateway.gateway.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import jp.oqsgateway.gateway.events.EventType;
import jp.oqsgateway.gateway.events.SequencedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays committed outbox events to webhook subscribers, at least once, and to the live feed. When
 * events are committed (PostgreSQL NOTIFY on {@value #CHANNEL}, sent by a trigger on commit), and
 * at the latest every {@code outbox.poll-interval}, it fans new events out into {@code
 * webhook_delivery} rows (one per matching active subscription) and numbers them for the live feed
 * in the same statement (docs/LIVE.md), hands the numbered events to the feed, then claims due
 * deliveries up to the free concurrency and POSTs them, signed, through a {@link WebhookPoster}
 * (target checked at every attempt, one deadline, answers' bodies dropped unread). 2xx is
 * delivered; anything else is retried with backoff and jitter until {@code webhooks.max-attempts},
 * then given up, and the delivery log shows the failure as a {@link DeliveryError} class, never
 * socket or exception text. Everything it knows is in the tables, so a restart (or another gateway
 * on the same database) carries on where this one stopped. Logs name subscription and event ids,
 * never URLs, bodies or patient data.
 */
public final class OutboxRelay extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  static final int FAN_OUT_BATCH = 500;
  private static final Duration COUNT_EVERY = Duration.ofSeconds(1);
  private static final Duration MIN_GAP = Duration.ofMillis(20);
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
  private final WebhookTargets targets;
  private final SecretBox secrets;

  /** Told, on this verticle's context, of the events each round numbered, in feed order. */
  private final Consumer<List<SequencedEvent>> sequenced;

  private HttpClient client;
  private WebhookPoster poster;
  private long timer = -1;
  private boolean ticking;

  /**
   * More events than one round takes are waiting, or the poll came during a round: run another one
   * right after it.
   */
  private boolean again;

  /**
   * A commit was notified during a round: one more round, {@link #MIN_GAP} after this one began (a
   * round's statements take a few milliseconds, so rounds run back to back under load otherwise).
   */
  private boolean notifiedDuringRound;

  private boolean roundDue;
  private long lastRoundNanos = System.nanoTime() - MIN_GAP.toNanos();
  private long lastCountNanos = System.nanoTime() - COUNT_EVERY.toNanos();

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
   * @param targets where deliveries may go, checked at every attempt
   * @param secrets opens the stored subscription secrets
   * @param sequenced told after each round of the events it numbered for the live feed, in order
   */
  public OutboxRelay(
      DeliveryAudit audit,
      DeliveryQueue queue,
      RelayConfig config,
      MeterRegistry registry,
      Optional<PgConnectOptions> listenTo,
      WebhookTargets targets,
      SecretBox secrets,
      Consumer<List<SequencedEvent>> sequenced) {
    this.sequenced = sequenced;
    this.listenTo = listenTo;
    this.targets = targets;
    this.secrets = secrets;
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
    client = WebhookPoster.client(vertx, config);
    poster = new WebhookPoster(vertx, client, targets, config.timeout());
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
    subscriber.channel(CHANNEL).handler(payload -> notified());
    subscriber
        .connect()
        .onFailure(
            e ->
                LOG.atWarn()
                    .setCause(e)
                    .log("cannot listen for committed events; webhooks follow the poll interval"));
  }

  /**
   * A commit appended events: a round now, or, when the last round began less than {@link #MIN_GAP}
   * ago, one round when that gap has passed. Idle, an event goes out at once; under a night job's
   * hundred commits a second, rounds take several events each instead of one round of five
   * statements per event.
   */
  private void notified() {
    if (ticking) {
      notifiedDuringRound = true;
      return;
    }
    long wait = MIN_GAP.toNanos() - (System.nanoTime() - lastRoundNanos);
    if (wait <= 0) {
      tick();
    } else if (!roundDue) {
      roundDue = true;
      vertx.setTimer(
          Math.max(1, Duration.ofNanos(wait).toMillis()),
          id -> {
            roundDue = false;
            tick();
          });
    }
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
    lastRoundNanos = System.nanoTime();
    busy++;
    queue
        .fanOut(FAN_OUT_BATCH)
        .compose(
            fannedOut -> {
              if (!fannedOut.isEmpty()) {
                announce(fannedOut);
              }
              if (fannedOut.size() == FAN_OUT_BATCH) {
                again = true; // more are waiting: no need to wait for the poll
              }
              int free = config.concurrency() - inFlight;
              return free > 0
                  ? queue.claim(free, lease())
                  : Future.succeededFuture(List.<DueDelivery>of());
            })
        .compose(
            due -> {
              due.forEach(this::deliver);
              return countPending();
            })
        .onFailure(
            e -> LOG.atWarn().setCause(e).log("outbox relay round failed; next round retries"))
        .onComplete(
            r -> {
              ticking = false;
              idle();
              if (again) {
                again = false;
                notifiedDuringRound = false;
                tick();
              } else if (notifiedDuringRound) {
                notifiedDuringRound = false;
                notified();
              }
            });
  }

  /**
   * Refreshes the pending-deliveries gauge, at most once per {@link #COUNT_EVERY}: a busy night
   * ticks once per committed event, and the count is for a gauge scraped every few seconds.
   */
  private Future<Void> countPending() {
    long now = System.nanoTime();
    if (now - lastCountNanos < COUNT_EVERY.toNanos()) {
      return Future.succeededFuture();
    }
    lastCountNanos = now;
    return queue.pendingCount().onSuccess(metrics::pending).mapEmpty();
  }

  /** Hands the numbered events to the live feed; its failure must not stop webhooks. */
  private void announce(List<SequencedEvent> events) {
    try {
      sequenced.accept(events);
    } catch (RuntimeException e) {
      LOG.atWarn().setCause(e).log("the live feed refused numbered events");
    }
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

  private Future<Integer> post(DueDelivery d) {
    Buffer body = Buffer.buffer(d.event().toJson().encode());
    long timestamp = Instant.now().getEpochSecond();
    String signature;
    try {
      signature =
          WebhookSignature.sign(
              secrets.open(d.subscriptionId(), d.secret()), timestamp, body.getBytes());
    } catch (DeliveryError.SecretUnreadable e) {
      return Future.failedFuture(e);
    }
    MultiMap headers =
        MultiMap.caseInsensitiveMultiMap()
            .add("Content-Type", "application/json")
            .add("User-Agent", "oqs-gateway-webhooks")
            .add(HEADER_EVENT_ID, d.event().id().toString())
            .add(HEADER_EVENT_TYPE, d.event().type().wireName())
            .add(HEADER_TIMESTAMP, Long.toString(timestamp))
            .add(HEADER_SIGNATURE, signature);
    return poster.post(d.url(), headers, body);
  }

  private Future<Void> record(DueDelivery d, AsyncResult<Integer> done, Duration took) {
    EventType type = d.event().type();
    Integer status = done.succeeded() ? done.result() : null;
    if (status != null && status >= 200 && status < 300) {
      metrics.attempt(type, WebhookMetrics.Outcome.DELIVERED, took);
      metrics.latency(type, Duration.between(d.event().occurredAt(), Instant.now()));
      return queue.delivered(d.subscriptionId(), d.event().id(), status);
    }
    DeliveryError error =
        status != null ? DeliveryError.HTTP_STATUS : DeliveryError.of(done.cause());
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
            .addKeyValue("status", status == null ? "none" : status.toString())
            .addKeyValue("error", error.wireName());
    if (next.isEmpty()) {
      log.log("webhook delivery given up after the last allowed attempt");
      return queue.giveUp(d.subscriptionId(), d.event().id(), type, status, error.wireName());
    }
    log.addKeyValue("retryInMillis", next.get().toMillis()).log("webhook attempt failed");
    return queue.retryLater(
        d.subscriptionId(), d.event().id(), status, error.wireName(), next.get());
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
