package jp.oqsgateway.gateway.http.agents;

import io.vertx.core.Vertx;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jp.oqsgateway.gateway.agents.AgentMetrics;
import jp.oqsgateway.gateway.auth.TokenRevocations;
import jp.oqsgateway.gateway.http.auth.Caller;
import jp.oqsgateway.gateway.ops.AgentConnections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an agent socket no longer than its token is good: closes it when the token expires, and
 * when a look at the revocation table (every {@code recheckEvery}, as often as the API's token
 * cache looks) finds it revoked. A failed look leaves the socket open until the next one; the
 * agent's next connection is checked like any token. Timers are per socket and cancelled when it
 * closes.
 */
final class AgentTokenWatch {
  private static final Logger LOG = LoggerFactory.getLogger(AgentTokenWatch.class);

  /** WebSocket close codes (application range) the agent sees. */
  static final int CLOSE_TOKEN_EXPIRED = 4001;

  static final int CLOSE_TOKEN_REVOKED = 4003;

  private record Timers(long expiry, long recheck) {}

  private final Vertx vertx;
  private final AgentMetrics metrics;
  private final TokenRevocations revocations;
  private final Duration recheckEvery;
  private final Clock clock;
  private final AgentConnections connections;
  private final Map<SockJSSocket, Timers> watched = new ConcurrentHashMap<>();

  AgentTokenWatch(
      Vertx vertx,
      AgentMetrics metrics,
      TokenRevocations revocations,
      Duration recheckEvery,
      Clock clock,
      AgentConnections connections) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.revocations = revocations;
    this.recheckEvery =
        recheckEvery.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : recheckEvery;
    this.clock = clock;
    this.connections = connections;
  }

  void watch(SockJSSocket socket, Caller caller) {
    long untilExpiry = Duration.between(clock.instant(), caller.expiresAt()).toMillis();
    long expiry = vertx.setTimer(Math.max(1, untilExpiry), id -> expired(socket, caller));
    long recheck = vertx.setPeriodic(recheckEvery.toMillis(), id -> recheck(socket, caller));
    watched.put(socket, new Timers(expiry, recheck));
  }

  void forget(SockJSSocket socket) {
    Timers timers = watched.remove(socket);
    if (timers != null) {
      vertx.cancelTimer(timers.expiry());
      vertx.cancelTimer(timers.recheck());
    }
  }

  private void expired(SockJSSocket socket, Caller caller) {
    if (watched.containsKey(socket)) {
      metrics.expired();
      connections.closing(socket, AgentConnections.Reason.TOKEN_EXPIRED);
      close(socket, caller, CLOSE_TOKEN_EXPIRED, "token expired");
    }
  }

  /** Stops watching the socket and closes it, saying why in the log and the close frame. */
  private void close(SockJSSocket socket, Caller caller, int status, String why) {
    forget(socket);
    LOG.atInfo()
        .addKeyValue("agentId", caller.subject())
        .log("agent " + why + ": closing its connection");
    socket.close(status, why);
  }

  private void recheck(SockJSSocket socket, Caller caller) {
    revocations
        .isRevoked(caller.tokenId(), caller.subject(), caller.issuedAt())
        .onSuccess(
            revoked -> {
              if (revoked && watched.containsKey(socket)) {
                metrics.revoked();
                connections.closing(socket, AgentConnections.Reason.TOKEN_REVOKED);
                close(socket, caller, CLOSE_TOKEN_REVOKED, "token revoked");
              }
            })
        .onFailure(
            e ->
                LOG.atWarn()
                    .addKeyValue("agentId", caller.subject())
                    .addKeyValue("reason", e.getClass().getSimpleName())
                    .log("cannot read the token revocations; the agent connection stays open"));
  }
}
