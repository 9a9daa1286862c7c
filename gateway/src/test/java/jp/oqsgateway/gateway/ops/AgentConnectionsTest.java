package jp.oqsgateway.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.oqsgateway.gateway.events.Event;
import org.junit.jupiter.api.Test;

/** Why an agent's link closed, as agent.disconnected tells the screens. */
class AgentConnectionsTest {
  private final List<Event> raised = new CopyOnWriteArrayList<>();
  private final AgentConnections links =
      new AgentConnections(
          e -> {
            raised.add(e);
            return Future.succeededFuture();
          },
          Clock.systemUTC());

  private String lastReason() {
    return raised.get(raised.size() - 1).payload().getString("reason");
  }

  @Test
  void aLinkTheGatewayClosedForAnExpiredTokenSaysSoAndOneTheAgentClosedSaysClosed() {
    Object expired = new Object();
    Object closed = new Object();
    links.opened(expired, "pc-1", Set.of("uketsuke-1"));
    links.opened(closed, "pc-2", Set.of("uketsuke-2"));
    assertThat(links.connected())
        .extracting(AgentConnections.Connected::agentId)
        .containsExactlyInAnyOrder("pc-1", "pc-2");

    links.closing(expired, AgentConnections.Reason.TOKEN_EXPIRED);
    links.closed(expired);
    assertThat(lastReason()).isEqualTo("token-expired");
    links.closed(closed);
    assertThat(lastReason()).isEqualTo("closed");
    assertThat(links.connected()).isEmpty();
  }

  @Test
  void whileTheGatewayStopsEveryLinkClosesForThatReasonAndALinkNeverOpenedRaisesNothing() {
    Object link = new Object();
    links.opened(link, "pc-1", Set.of("uketsuke-1"));
    links.stopping();
    links.closed(link);
    assertThat(lastReason()).isEqualTo("gateway-stopping");
    int before = raised.size();
    links.closed(new Object());
    assertThat(raised).hasSize(before);
    assertThat(links.appended().succeeded()).isTrue();
  }
}
