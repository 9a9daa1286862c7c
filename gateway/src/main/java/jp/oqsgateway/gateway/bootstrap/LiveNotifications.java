package jp.oqsgateway.gateway.bootstrap;

import java.time.Clock;
import jp.oqsgateway.gateway.audit.AuditStore;
import jp.oqsgateway.gateway.auth.TokenRevocations;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.http.auth.ApiAuth;
import jp.oqsgateway.gateway.http.live.LiveEndpoints;
import jp.oqsgateway.gateway.live.FeedReplay;
import jp.oqsgateway.gateway.live.LiveFeed;
import jp.oqsgateway.gateway.live.LiveMetrics;
import jp.oqsgateway.gateway.live.LivePushAudit;
import jp.oqsgateway.gateway.live.LiveTickets;

/**
 * The live feed (fed by the outbox relay, its patient data audited) and its tickets (docs/LIVE.md).
 */
record LiveNotifications(LiveFeed feed, LiveTickets tickets) {
  static LiveNotifications create(GatewayConfig config, Platform platform, AuditStore audit) {
    return new LiveNotifications(
        new LiveFeed(
            config.live(),
            new FeedReplay(
                platform.pool(), config.live().replayWindow(), config.live().replayMaxEvents()),
            new LiveMetrics(platform.metrics().registry()),
            new LivePushAudit(audit)),
        new LiveTickets(Clock.systemUTC()));
  }

  /** The API's guards, also redeeming tickets on the operations that accept them. */
  ApiAuth guards(ApiAuth auth) {
    return LiveEndpoints.acceptingTickets(auth, tickets);
  }

  LiveEndpoints endpoints(ApiAuth auth, TokenRevocations revocations) {
    return new LiveEndpoints(feed, tickets, auth, revocations);
  }
}
