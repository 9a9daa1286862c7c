package jp.oqsgateway.gateway.http.agents;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import java.util.Optional;
import java.util.Set;
import jp.oqsgateway.agentprotocol.AgentAddresses;
import jp.oqsgateway.gateway.agents.AgentMetrics;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.ops.AgentConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's event hook: counts sockets, refuses every PUBLISH, REGISTER and UNREGISTER (agents
 * only send), and stamps each SEND with the socket's authenticated agent id in the {@value
 * AgentAddresses#AGENT_HEADER} header and the desks of its token in {@value
 * AgentAddresses#DESKS_HEADER}, replacing any headers the agent sent. The consumers refuse a body
 * whose {@code agentId} or {@code deskId} is not the token's with 403, which reaches the agent as
 * an error reply to that very message (a refusal here could only answer an address-less {@code
 * "rejected"}). A socket is closed when its token expires or is revoked ({@link AgentTokenWatch}).
 * Each socket opening and closing is told to {@link AgentConnections} (which raises {@code
 * agent.connected} / {@code agent.disconnected}).
 */
final class AgentBridgeEvents implements Handler<BridgeEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(AgentBridgeEvents.class);

  /** The agent id of a link when authentication is off (local trials): no token names it. */
  static final String ANONYMOUS_AGENT = "anonymous";

  private final AgentMetrics metrics;
  private final boolean authEnabled;
  private final AgentTokenWatch tokens;
  private final AgentConnections connections;

  AgentBridgeEvents(
      AgentMetrics metrics,
      boolean authEnabled,
      AgentTokenWatch tokens,
      AgentConnections connections) {
    this.metrics = metrics;
    this.authEnabled = authEnabled;
    this.tokens = tokens;
    this.connections = connections;
  }

  @Override
  public void handle(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> {
        metrics.connected(callerOf(event).map(Caller::desks).orElse(Set.of()));
        LOG.atInfo().addKeyValue("agentId", agentOf(event).orElse("-")).log("agent connected");
        connections.opened(
            event.socket(),
            agentOf(event).orElse(ANONYMOUS_AGENT),
            callerOf(event).map(Caller::desks).orElse(Set.of()));
        if (authEnabled) {
          callerOf(event).ifPresent(caller -> tokens.watch(event.socket(), caller));
        }
        event.complete(true);
      }
      case SOCKET_CLOSED -> {
        tokens.forget(event.socket());
        metrics.disconnected(callerOf(event).map(Caller::desks).orElse(Set.of()));
        LOG.atInfo().addKeyValue("agentId", agentOf(event).orElse("-")).log("agent disconnected");
        connections.closed(event.socket());
        event.complete(true);
      }
      case SEND -> {
        JsonObject raw = event.getRawMessage();
        Optional<String> agent = authEnabled ? agentOf(event) : bodyField(raw, "agentId");
        // Without authentication (local trials) an agent may report for any desk it names.
        Optional<String> desks =
            authEnabled
                ? callerOf(event).map(c -> String.join(",", c.desks()))
                : bodyField(raw, "deskId");
        JsonObject headers = new JsonObject();
        agent.ifPresent(a -> headers.put(AgentAddresses.AGENT_HEADER, a));
        desks.ifPresent(d -> headers.put(AgentAddresses.DESKS_HEADER, d));
        raw.put("headers", headers);
        event.complete(true);
      }
      case SOCKET_IDLE -> {
        connections.closing(event.socket(), AgentConnections.Reason.IDLE_TIMEOUT);
        event.complete(true);
      }
      case PUBLISH, REGISTER, UNREGISTER -> {
        LOG.atInfo()
            .addKeyValue("agentId", agentOf(event).orElse("-"))
            .addKeyValue("kind", event.type().name())
            .log("agent frame refused: agents may only send");
        event.complete(false);
      }
      default -> event.complete(true);
    }
  }

  private static Optional<String> bodyField(JsonObject raw, String field) {
    return Optional.ofNullable(raw.getValue("body") instanceof JsonObject b ? b : null)
        .map(b -> b.getValue(field))
        .filter(String.class::isInstance)
        .map(String.class::cast);
  }

  private static Optional<Caller> callerOf(BridgeEvent event) {
    RoutingContext ctx = event.socket() == null ? null : event.socket().routingContext();
    return ctx == null ? Optional.empty() : Caller.find(ctx);
  }

  private static Optional<String> agentOf(BridgeEvent event) {
    return callerOf(event).map(Caller::subject);
  }
}
