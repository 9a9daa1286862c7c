package jp.oqsgateway.gateway.agents;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import java.util.Optional;
import jp.oqsgateway.gateway.http.auth.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's event hook: counts sockets, refuses every PUBLISH, REGISTER and UNREGISTER (agents
 * only send), and stamps each SEND with the socket's authenticated agent id in the {@value
 * AgentAddresses#AGENT_HEADER} header, replacing any headers the agent sent. The consumers refuse a
 * body whose {@code agentId} differs with 403, which reaches the agent as an error reply to that
 * very message (a refusal here could only answer an address-less {@code "rejected"}).
 */
final class AgentBridgeEvents implements Handler<BridgeEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(AgentBridgeEvents.class);

  private final AgentMetrics metrics;
  private final boolean authEnabled;

  AgentBridgeEvents(AgentMetrics metrics, boolean authEnabled) {
    this.metrics = metrics;
    this.authEnabled = authEnabled;
  }

  @Override
  public void handle(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> {
        metrics.connected();
        LOG.atInfo().addKeyValue("agentId", agentOf(event).orElse("-")).log("agent connected");
        event.complete(true);
      }
      case SOCKET_CLOSED -> {
        metrics.disconnected();
        LOG.atInfo().addKeyValue("agentId", agentOf(event).orElse("-")).log("agent disconnected");
        event.complete(true);
      }
      case SEND -> {
        JsonObject raw = event.getRawMessage();
        Optional<String> agent =
            authEnabled
                ? agentOf(event)
                : Optional.ofNullable(raw.getValue("body") instanceof JsonObject b ? b : null)
                    .map(b -> b.getValue("agentId"))
                    .filter(String.class::isInstance)
                    .map(String.class::cast);
        JsonObject headers = new JsonObject();
        agent.ifPresent(a -> headers.put(AgentAddresses.AGENT_HEADER, a));
        raw.put("headers", headers);
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

  private static Optional<String> agentOf(BridgeEvent event) {
    RoutingContext ctx = event.socket() == null ? null : event.socket().routingContext();
    return ctx == null ? Optional.empty() : Caller.find(ctx).map(Caller::subject);
  }
}
