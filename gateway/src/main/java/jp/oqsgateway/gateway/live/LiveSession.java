package jp.oqsgateway.gateway.live;

import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.oqsgateway.gateway.events.SequencedEvent;
import jp.oqsgateway.gateway.logging.RequestIds;

/**
 * One live connection's side of the feed, on the connection's own context: its filter, the events
 * it was sent (by feed number, so none is sent twice), the replay of what it missed, and its bound.
 * Messages are appended to the connection and flushed once per relay round, so a round of many
 * events costs one write to the socket, not one per event. A live event that finds {@code
 * live.client-queue} messages not yet on the socket while the socket's own buffer is full
 * disconnects the connection (4429 slow-consumer) instead of waiting for it (a burst to a client
 * that reads is not cut off). Replays go out in chunks, each once the one before is on the socket,
 * so a long replay never disconnects a client that reads.
 *
 * <p>An event that names a check or a patient is written only once the audit holds a row saying
 * this connection's viewer was shown it ({@link LivePushAudit}); the events after it wait behind
 * it, so the order is kept, and wait together: one audit call for all that gathered meanwhile. A
 * replay records its events before it writes any. A connection whose rows cannot be recorded is
 * closed ({@code audit-unavailable}) without them; its client reconnects with the last event it got
 * and is sent them then.
 */
public final class LiveSession {
  /** Replayed messages written before waiting for the socket to take them. */
  static final int REPLAY_CHUNK = 256;

  /** The transport under a session (WebSocket or SSE). Called on the session's context. */
  public interface Sink {
    /** {@code ws} or {@code sse}: the metrics' transport label. */
    String transport();

    /** Appends an event's message; it reaches the socket at the next {@link #flush}. */
    void append(EncodedEvent event);

    /** Appends every event of a round, in order; they reach the socket at the next flush. */
    void append(Round round);

    /** Appends a message of the connection's own; it reaches the socket at the next flush. */
    void append(String message);

    /** Writes what was appended to the socket. */
    void flush();

    /** Messages appended and not yet taken by the socket. */
    int waiting();

    /** Whether the socket's own buffer is full (the client does not read fast enough). */
    boolean full();

    /** Runs {@code next} once all that was flushed is on the socket, or could not be written. */
    void afterWritten(Runnable next);

    /** Tells the client its missed events were all sent. */
    String replayed(int count);

    /** Tells the client it cannot be replayed: {@code gap} is {@code {lastEventId, reason}}. */
    String gap(JsonObject gap);

    /** Ends the connection, saying why. */
    void close(CloseReason reason);
  }

  private final LiveFeed feed;
  private final Viewer viewer;
  private final Sink sink;
  private final Context context;
  private final int limit;
  private final ArrayDeque<EncodedEvent> held = new ArrayDeque<>();

  /** Events taken, in order, waiting for the audit: the first names a check or a patient. */
  private final ArrayDeque<EncodedEvent> behindAudit = new ArrayDeque<>();

  /** The connection's id in the audit rows of what it was shown. */
  private final String connectionId = RequestIds.newId();

  private LiveFilter filter;
  private boolean replaying;
  private boolean auditing;

  /** Events of the audit under way (counted against the connection's bound). */
  private int inFlight;

  /**
   * Counts the subscriptions that asked for a replay: an audit or a replay begun under an earlier
   * one writes nothing once it ends (the newer replay sends those events, in their place).
   */
  private int generation;

  private long lastSeq;
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
    int replay = ++generation;
    // Newer than lastEventId, as every event taken since: the replay sends them.
    behindAudit.clear();
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
                        replayAudited(accepted(missed), replay);
                      }
                    }));
  }

  private String gap(UUID lastEventId, String reason) {
    return sink.gap(
        new JsonObject().put("lastEventId", lastEventId.toString()).put("reason", reason));
  }

  /** The missed events this connection's filter accepts, encoded for it alone. */
  private List<EncodedEvent> accepted(List<SequencedEvent> missed) {
    List<EncodedEvent> accepted = new ArrayList<>();
    for (SequencedEvent m : missed) {
      EncodedEvent e = EncodedEvent.replayed(m);
      if (filter.accepts(e.event(), e.desks())) {
        accepted.add(e);
      }
    }
    return accepted;
  }

  /** Replays {@code missed} once the audit holds the rows of those naming a check or a patient. */
  private void replayAudited(List<EncodedEvent> missed, int replay) {
    feed.audit()
        .record(viewer, connectionId, sink.transport(), missed)
        .onComplete(
            done ->
                context.runOnContext(
                    v -> {
                      if (closed || replay != generation) {
                        return; // a newer replay sends them
                      }
                      if (done.failed()) {
                        close(CloseReason.AUDIT_UNAVAILABLE);
                      } else {
                        replay(missed.iterator(), 0);
                      }
                    }));
  }

  private void replay(Iterator<EncodedEvent> missed, int sent) {
    int count = sent;
    while (missed.hasNext() && !closed) {
      if (sink.waiting() >= REPLAY_CHUNK) {
        int soFar = count;
        sink.flush();
        sink.afterWritten(() -> replay(missed, soFar));
        return;
      }
      sink.append(missed.next());
      count++;
    }
    if (count > sent) {
      feed.metrics().sent(sink.transport(), count - sent);
    }
    replayEnded(sink.replayed(count), "replayed");
  }

  private void replayEnded(String message, String outcome) {
    feed.metrics().replay(outcome);
    if (closed) {
      return;
    }
    sink.append(message);
    replaying = false;
    int live = 0;
    while (!held.isEmpty() && !closed) {
      live += offer(held.poll()) ? 1 : 0;
    }
    if (live > 0) {
      feed.metrics().sent(sink.transport(), live);
    }
    flush();
    audit();
  }

  /**
   * A round's live events, appended but not flushed; called on this session's context, in feed
   * order. Marks in {@code taken} the events written now (not filtered out, sent before, held
   * behind a replay, or refused by a close) and returns how many. A connection that takes the whole
   * round gets it as one buffer ({@link Round}).
   */
  int take(Round round, boolean[] taken) {
    if (closed || filter == null) {
      return 0;
    }
    List<EncodedEvent> events = round.events();
    boolean whole = !replaying && !round.audited() && !auditing && behindAudit.isEmpty();
    for (int i = 0; i < events.size() && whole; i++) {
      EncodedEvent e = events.get(i);
      whole = e.seq() > lastSeq && filter.accepts(e.event(), e.desks());
    }
    if (!whole) {
      int n = 0;
      for (int i = 0; i < events.size(); i++) {
        if (offer(events.get(i))) {
          taken[i] = true;
          n++;
        }
      }
      audit();
      return n;
    }
    if (sink.waiting() >= limit && sink.full()) {
      close(CloseReason.SLOW_CONSUMER);
      return 0;
    }
    lastSeq = events.get(events.size() - 1).seq();
    sink.append(round);
    return events.size();
  }

  /**
   * One live event, appended but not flushed; whether it was written now. One that names a check or
   * a patient, and every one after it, waits behind the audit ({@link #audit}).
   */
  private boolean offer(EncodedEvent e) {
    if (closed || filter == null || e.seq() <= lastSeq || !filter.accepts(e.event(), e.desks())) {
      return false;
    }
    if (replaying) {
      held.add(e);
      if (held.size() + sink.waiting() > limit) {
        close(CloseReason.SLOW_CONSUMER);
      }
      return false;
    }
    if (sink.waiting() >= limit && sink.full()) {
      close(CloseReason.SLOW_CONSUMER);
      return false;
    }
    lastSeq = e.seq();
    if (e.audited() || auditing || !behindAudit.isEmpty()) {
      behindAudit.add(e);
      if (behindAudit.size() + inFlight + sink.waiting() > limit) {
        close(CloseReason.SLOW_CONSUMER);
      }
      return false;
    }
    sink.append(e);
    return true;
  }

  /**
   * Records the events waiting behind the audit, unless a record is already under way (they then go
   * with the next), and writes them once it has ended.
   */
  private void audit() {
    if (auditing || behindAudit.isEmpty() || closed) {
      return;
    }
    auditing = true;
    List<EncodedEvent> batch = new ArrayList<>(behindAudit);
    behindAudit.clear();
    inFlight = batch.size();
    int under = generation;
    feed.audit()
        .record(viewer, connectionId, sink.transport(), batch)
        .onComplete(done -> context.runOnContext(v -> audited(batch, done.succeeded(), under)));
  }

  private void audited(List<EncodedEvent> batch, boolean recorded, int under) {
    auditing = false;
    inFlight = 0;
    if (closed) {
      return;
    }
    if (under != generation) {
      audit(); // a replay asked for since sends these (recorded: shown, or about to be)
      return;
    }
    if (!recorded) {
      close(CloseReason.AUDIT_UNAVAILABLE);
      return;
    }
    Instant now = Instant.now();
    int written = 0;
    for (EncodedEvent e : batch) {
      written += write(e, now);
    }
    while (!behindAudit.isEmpty() && !behindAudit.peek().audited()) {
      written += write(behindAudit.poll(), now);
    }
    feed.metrics().sent(sink.transport(), written);
    flush();
    audit();
  }

  /**
   * Writes an event that waited for the audit, unless a subscription since no longer takes it (its
   * row stays: the viewer was allowed to see it); 1 when written. Its lag, which includes the wait,
   * is recorded.
   */
  private int write(EncodedEvent e, Instant now) {
    if (!filter.accepts(e.event(), e.desks())) {
      return 0;
    }
    sink.append(e);
    feed.metrics().lag(Duration.between(e.event().occurredAt(), now));
    return 1;
  }

  /** Writes what a round appended to the socket. */
  void flush() {
    if (!closed) {
      sink.flush();
    }
  }

  String transport() {
    return sink.transport();
  }

  /** A message of the connection's own (heartbeat, pong, subscribed), written at once. */
  public void send(String text) {
    if (!closed) {
      sink.append(text);
      sink.flush();
    }
  }

  /** Ends the session and its connection, once. */
  public void close(CloseReason reason) {
    if (closed) {
      return;
    }
    closed = true;
    held.clear();
    behindAudit.clear();
    feed.closed(this, reason);
    sink.close(reason);
  }

  /** The client went away: forgets the session without writing to it. */
  public void gone() {
    if (!closed) {
      closed = true;
      held.clear();
      behindAudit.clear();
      feed.closed(this, CloseReason.CLIENT_GONE);
    }
  }
}
