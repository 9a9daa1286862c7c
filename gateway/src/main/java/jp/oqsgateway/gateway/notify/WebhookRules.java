package jp.oqsgateway.gateway.notify;

import java.nio.file.Path;
import java.util.List;

/**
 * What webhooks may aim at and how their secrets are kept (docs/CONFIGURATION.md: {@code
 * webhooks.*}).
 *
 * @param allowHttp plain {@code http://} targets are accepted (otherwise {@code https} only)
 * @param allowHosts host names, addresses and CIDR ranges a webhook may reach although they are on
 *     this machine or the LAN (loopback, link-local, private)
 * @param maxSubscriptionsPerSubject active subscriptions one token subject may hold
 * @param secretKeyFile the AES key that encrypts subscription secrets in the database
 * @param trustCa PEM files of the CAs receivers' certificates must chain to; empty: the JDK's
 */
public record WebhookRules(
    boolean allowHttp,
    List<String> allowHosts,
    int maxSubscriptionsPerSubject,
    Path secretKeyFile,
    List<Path> trustCa) {
  public WebhookRules {
    allowHosts = List.copyOf(allowHosts);
    trustCa = List.copyOf(trustCa);
  }
}
