package jp.oqsgateway.gateway.notify;

import java.time.Duration;
import java.util.List;

/**
 * How the outbox relay works (docs/CONFIGURATION.md: {@code outbox.*}, {@code webhooks.*}).
 *
 * @param pollInterval how often new events and due deliveries are looked for
 * @param timeout the longest one webhook attempt may take, all of it (resolve, connect, TLS, send,
 *     status line)
 * @param concurrency deliveries in flight at once, per gateway
 * @param maxAttempts attempts before a delivery is given up
 * @param retryDelays delay after the 1st, 2nd, … failed attempt; the last one repeats
 * @param rules where webhooks may go, how many a subject may hold, where the secrets' key is
 */
public record RelayConfig(
    Duration pollInterval,
    Duration timeout,
    int concurrency,
    int maxAttempts,
    List<Duration> retryDelays,
    WebhookRules rules) {
  public RelayConfig {
    retryDelays = List.copyOf(retryDelays);
  }
}
