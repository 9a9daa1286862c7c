package jp.oqsgateway.gateway.live;

import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import jp.oqsgateway.gateway.events.SequencedEvent;

/**
 * The live notification feed (docs/LIVE.md): the outbox relay hands it the events it numbered
 * ({@link #publish}), in feed order; each is encoded once and offered to every session on that
 * session's own event loop (one task per event loop and round), where the session's filter and
 * bound apply, and each session writes what it took in one flush. Nothing here blocks: a slow
 * connection is disconnected by its session, never waited for.
 */
public final class LiveFeed {
  private final LiveConfig config;
  private final FeedReplay replay;
  private final LiveMetrics metrics;
  private final LivePushAudit audit;
  private final AtomicInteger connections = new AtomicInteger();
  private final Set<LiveSession> sessions = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  public LiveFeed(LiveConfig config, FeedReplay replay, LiveMetrics metrics, LivePushAudit audit) {
    this.config = config;
    this.replay = replay;
    this.metrics = metrics;
    this.audit = audit;
  }

  public LiveConfig config() {
    return config;
  }

  FeedReplay replay() {
    return replay;
  }

  LiveMetrics metrics() {
    return metrics;
  }

  LivePushAudit audit() {
    return audit;
  }

  /**
   * Takes a place for a new connection ({@code ws} or {@code sse}); false when {@code
   * live.max-connections} are open or the gateway is stopping. A taken place is given back by the
   * session's close, or by {@link #leave} when no session was opened.
   */
  public boolean admit(String transport) {
    if (stopping) {
      return false;
    }
    if (connections.incrementAndGet() > config.maxConnections()) {
      connections.decrementAndGet();
      return false;
    }
    metrics.opened(transport);
    return true;
  }

  /** Gives back an admitted place that never became a session, saying why it ended. */
  public void leave(String transport, CloseReason reason) {
    connections.decrementAndGet();
    metrics.closed(transport, reason);
  }

  /** A session for an admitted, authenticated connection; events flow once it subscribes. */
  public LiveSession open(Viewer viewer, LiveSession.Sink sink, Context context) {
    LiveSession session = new LiveSession(this, viewer, sink, context, config.clientQueue());
    sessions.add(session);
    if (stopping) {
      context.runOnContext(v -> session.close(CloseReason.GATEWAY_STOPPING));
    }
    return session;
  }

  void closed(LiveSession session, CloseReason reason) {
    if (sessions.remove(session)) {
      leave(session.transport(), reason);
    }
  }

  /** The events one relay round numbered, in feed order. */
  public void publish(List<SequencedEvent> events) {
    if (sessions.isEmpty() || events.isEmpty()) {
      return;
    }
    List<EncodedEvent> encoded = new ArrayList<>(events.size());
    events.forEach(e -> encoded.add(EncodedEvent.of(e)));
    Map<Context, List<LiveSession>> byContext = new IdentityHashMap<>();
    for (LiveSession s : sessions) {
      byContext.computeIfAbsent(eventLoop(s.context()), c -> new ArrayList<>()).add(s);
    }
    byContext.forEach((context, group) -> context.runOnContext(v -> deliver(encoded, group)));
  }

  /**
   * The event loop's own context under a connection's: Vert.x gives every connection a context of
   * its own (a duplicate of its event loop's), so grouping by those would make one task, and one
   * joined round, per connection instead of per event loop.
   */
  private static Context eventLoop(Context context) {
    return ((ContextInternal) context).unwrap();
  }

  /**
   * One round to the sessions of one event loop: each session takes the events its filter accepts
   * and flushes them in one write. The lag is then recorded once per event taken on this context
   * (the moment the last of its connections was written), the count once per delivery.
   */
  private void deliver(List<EncodedEvent> encoded, List<LiveSession> group) {
    Round round = new Round(encoded);
    boolean[] taken = new boolean[encoded.size()];
    boolean[] any = new boolean[encoded.size()];
    boolean all = false;
    int ws = 0;
    int sse = 0;
    for (LiveSession s : group) {
      int n = s.take(round, taken);
      if (n == 0) {
        continue;
      }
      s.flush();
      if (s.transport().equals("ws")) {
        ws += n;
      } else {
        sse += n;
      }
      if (n == taken.length) {
        all = true;
      } else {
        for (int i = 0; i < taken.length; i++) {
          any[i] |= taken[i];
          taken[i] = false;
        }
      }
    }
    metrics.sent("ws", ws);
    metrics.sent("sse", sse);
    Instant now = Instant.now();
    for (int i = 0; i < any.length; i++) {
      if (all || any[i]) {
        metrics.lag(Duration.between(encoded.get(i).event().occurredAt(), now));
      }
    }
  }

  /** Closes every connection (1001) and admits no more: the gateway is stopping. */
  public void stop() {
    stopping = true;
    for (LiveSession s : sessions) {
      s.context().runOnContext(v -> s.close(CloseReason.GATEWAY_STOPPING));
    }
  }
}
