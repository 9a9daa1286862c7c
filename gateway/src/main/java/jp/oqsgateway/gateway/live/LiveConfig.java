package jp.oqsgateway.gateway.live;

import java.time.Duration;

/**
 * How the live feed works ({@code live.*}).
 *
 * @param heartbeat period of heartbeats; three silent ones close a connection
 * @param clientQueue messages one connection may have waiting before it is disconnected
 * @param maxConnections live connections at once
 * @param replayWindow how old a client's last seen event may be to replay from it
 * @param replayMaxEvents most events replayed at once
 */
public record LiveConfig(
    Duration heartbeat,
    int clientQueue,
    int maxConnections,
    Duration replayWindow,
    int replayMaxEvents) {}
