package jp.oqsgateway.gateway.ops;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import jp.oqsgateway.gateway.events.Event;
import jp.oqsgateway.gateway.events.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader agents connected to the agent server now, and the events that say so: {@code
 * agent.connected} when a link opens, {@code agent.disconnected} (with why) when it closes. The
 * links are kept in memory only, like the terminal link's liveness, so each event is appended on
 * its own ({@code Outbox.appendAlone}). Links are keyed by an object of the caller's (the socket);
 * callers may come from any event loop.
 */
public final class AgentConnections {
  private static final Logger LOG = LoggerFactory.getLogger(AgentConnections.class);

  /** Why a link closed, as {@code agent.disconnected} names it. */
  public enum Reason {
    /** The agent or the network closed it. */
    CLOSED("closed"),
    /** Nothing arrived from the agent within the idle timeout. */
    IDLE_TIMEOUT("idle-timeout"),
    TOKEN_EXPIRED("token-expired"),
    TOKEN_REVOKED("token-revoked"),
    /** The gateway is stopping. */
    GATEWAY_STOPPING("gateway-stopping");

    private final String wireName;

    Reason(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** One open link: which agent, for which desks, since when. */
  public record Connected(String agentId, List<String> deskIds, Instant since) {}

  private record Link(Connected agent, Reason closing) {}

  private final Function<Event, Future<Void>> append;
  private final Clock clock;
  private final Map<Object, Link> links = new ConcurrentHashMap<>();
  private final Set<Future<Void>> appending = ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;

  /**
   * @param append appends an event on its own (the outbox, in production)
   */
  public AgentConnections(Function<Event, Future<Void>> append, Clock clock) {
    this.append = append;
    this.clock = clock;
  }

  /** The link {@code key} of {@code agentId}, reporting for {@code deskIds}, opened now. */
  public void opened(Object key, String agentId, Set<String> deskIds) {
    Connected agent = new Connected(agentId, deskIds.stream().sorted().toList(), clock.instant());
    links.put(key, new Link(agent, Reason.CLOSED));
    raise(EventType.AGENT_CONNECTED, base(agent).put("connectedAt", agent.since().toString()));
  }

  /** The link {@code key} is about to be closed by the gateway, for {@code reason}. */
  public void closing(Object key, Reason reason) {
    links.computeIfPresent(key, (k, link) -> new Link(link.agent(), reason));
  }

  /** The gateway is stopping: links closing from now on close for that reason. */
  public void stopping() {
    stopping = true;
  }

  /** The link {@code key} closed; nothing happens for a link never seen open. */
  public void closed(Object key) {
    Link link = links.remove(key);
    if (link == null) {
      return;
    }
    Reason reason = stopping ? Reason.GATEWAY_STOPPING : link.closing();
    raise(
        EventType.AGENT_DISCONNECTED,
        base(link.agent())
            .put("reason", reason.wireName())
            .put("connectedSince", link.agent().since().toString()));
  }

  /** Completes when the events raised so far are appended (or failed): for a clean stop. */
  public Future<Void> appended() {
    return Future.join(List.copyOf(appending)).<Void>mapEmpty().otherwiseEmpty();
  }

  /** The open links, oldest first. */
  public List<Connected> connected() {
    return links.values().stream()
        .map(Link::agent)
        .sorted(Comparator.comparing(Connected::since).thenComparing(Connected::agentId))
        .toList();
  }

  private static JsonObject base(Connected agent) {
    return new JsonObject()
        .put("agentId", agent.agentId())
        .put("deskIds", new JsonArray(agent.deskIds()));
  }

  private void raise(EventType type, JsonObject data) {
    Future<Void> done = append.apply(Event.of(type, data));
    appending.add(done);
    done.onComplete(r -> appending.remove(done))
        .onFailure(
            e ->
                LOG.atError()
                    .setCause(e)
                    .addKeyValue("eventType", type.wireName())
                    .addKeyValue("agentId", data.getString("agentId"))
                    .log("cannot append an agent link event"));
  }
}
