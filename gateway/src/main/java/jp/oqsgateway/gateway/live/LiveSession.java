package jp.oqsgateway.gateway.live;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.events.SequencedEvent;

/**
 * One live connection's side of the feed, on the connection's own context: its filter, the events
 * it was sent (by feed number, so none is sent twice), the replay of what it missed, and its bound.
 * Writes not yet on the socket are counted; a live event that finds {@code live.client-queue} of
 * them waiting while the socket's own write queue is full disconnects the connection (4429
 * slow-consumer) instead of waiting for it (a burst to a client that reads is not cut off).
 * Replayed events are paced by the socket's own write queue (drain), so a long replay never
 * disconnects a client that reads.
 */
public final class LiveSession {
  /** The transport under a session (WebSocket or SSE). Called on the session's context. */
  public interface Sink {
    /** {@code ws} or {@code sse}: the metrics' transport label. */
    String transport();

    /** The message or frame of an event on this transport. */
    String frame(EncodedEvent event);

    /** Tells the client its missed events were all sent. */
    String replayed(int count);

    /** Tells the client it cannot be replayed: {@code gap} is {@code {lastEventId, reason}}. */
    String gap(JsonObject gap);

    Future<Void> write(String text);

    /** The stream under the sink, whose own write queue paces replays. */
    WriteStream<?> stream();

    /** Ends the connection, saying why. */
    void close(CloseReason reason);
  }

  private final LiveFeed feed;
  private final Viewer viewer;
  private final Sink sink;
  private final Context context;
  private final int limit;
  private final ArrayDeque<EncodedEvent> held = new ArrayDeque<>();
  private LiveFilter filter;
  private boolean replaying;
  private long lastSeq;
  private int unwritten;
  private boolean closed;

  LiveSession(LiveFeed feed, Viewer viewer, Sink sink, Context context, int limit) {
    this.feed = feed;
    this.viewer = viewer;
    this.sink = sink;
    this.context = context;
    this.limit = limit;
  }

  public Viewer viewer() {
    return viewer;
  }

  Context context() {
    return context;
  }

  String sinkTransport() {
    return sink.transport();
  }

  /**
   * Starts (or changes) what this connection receives. With {@code lastEventId}, the events
   * numbered after it are sent first, in feed order, then {@code replayed} (or a {@code gap}), then
   * live events, each once.
   */
  public void subscribe(LiveFilter filter, Optional<UUID> lastEventId) {
    this.filter = filter;
    if (lastEventId.isEmpty() || closed) {
      return;
    }
    replaying = true;
    feed.replay()
        .after(lastEventId.get())
        .onComplete(
            done ->
                context.runOnContext(
                    v -> {
                      if (done.failed()) {
                        replayEnded(gap(lastEventId.get(), "unavailable"), "gap");
                      } else if (done.result() instanceof FeedReplay.Gap gap) {
                        replayEnded(gap(lastEventId.get(), gap.reason()), "gap");
                      } else {
                        List<SequencedEvent> missed = ((FeedReplay.Events) done.result()).events();
                        if (!missed.isEmpty()) {
                          lastSeq = Math.max(lastSeq, missed.get(missed.size() - 1).seq());
                        }
                        replay(missed.iterator(), 0);
                      }
                    }));
  }

  private String gap(UUID lastEventId, String reason) {
    return sink.gap(
        new JsonObject().put("lastEventId", lastEventId.toString()).put("reason", reason));
  }

  private void replay(Iterator<SequencedEvent> missed, int sent) {
    int count = sent;
    while (missed.hasNext() && !closed) {
      if (sink.stream().writeQueueFull()) {
        int soFar = count;
        sink.stream().drainHandler(v -> replay(missed, soFar));
        return;
      }
      EncodedEvent e = EncodedEvent.of(missed.next());
      if (filter.accepts(e.event(), e.desks())) {
        write(sink.frame(e), e);
        count++;
      }
    }
    replayEnded(sink.replayed(count), "replayed");
  }

  private void replayEnded(String message, String outcome) {
    feed.metrics().replay(outcome);
    if (closed) {
      return;
    }
    write(message, null);
    replaying = false;
    while (!held.isEmpty() && !closed) {
      offer(held.poll());
    }
  }

  /** A live event; called on this session's context, in feed order. */
  void offer(EncodedEvent e) {
    if (closed || filter == null || e.seq() <= lastSeq || !filter.accepts(e.event(), e.desks())) {
      return;
    }
    if (replaying) {
      held.add(e);
      if (held.size() + unwritten > limit) {
        close(CloseReason.SLOW_CONSUMER);
      }
      return;
    }
    if (unwritten >= limit && sink.stream().writeQueueFull()) {
      close(CloseReason.SLOW_CONSUMER);
      return;
    }
    lastSeq = e.seq();
    write(sink.frame(e), e);
  }

  private void write(String text, EncodedEvent event) {
    unwritten++;
    sink.write(text)
        .onComplete(
            r -> {
              unwritten--;
              if (event != null && r.succeeded()) {
                feed.metrics()
                    .sent(
                        sink.transport(),
                        Duration.between(event.event().occurredAt(), Instant.now()));
              }
            });
  }

  /** A message of the connection's own (heartbeat, pong, subscribed): counted like the others. */
  public void send(String text) {
    if (!closed) {
      write(text, null);
    }
  }

  /** Ends the session and its connection, once. */
  public void close(CloseReason reason) {
    if (closed) {
      return;
    }
    closed = true;
    held.clear();
    feed.closed(this, reason);
    sink.close(reason);
  }

  /** The client went away: forgets the session without writing to it. */
  public void gone() {
    if (!closed) {
      closed = true;
      held.clear();
      feed.closed(this, CloseReason.CLIENT_GONE);
    }
  }
}
