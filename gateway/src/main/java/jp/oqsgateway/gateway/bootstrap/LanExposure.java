package jp.oqsgateway.gateway.bootstrap;

import java.util.LinkedHashMap;
import java.util.Map;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.http.HttpServerConfig;
import jp.oqsgateway.gateway.tls.Hosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway refuses to expose on the clinic LAN, checked before anything starts: plain HTTP
 * on a non-loopback address (unless explicitly allowed for trials, then warned about at every
 * start), and authentication off while any server is reachable from another machine. A refusal is
 * one line naming the setting to change.
 */
final class LanExposure {
  private static final Logger LOG = LoggerFactory.getLogger(LanExposure.class);

  private LanExposure() {}

  /**
   * @throws IllegalStateException (one line) when the configuration exposes too much
   */
  static void check(GatewayConfig config) {
    plainText("api", "the API", config.api());
    plainText("management", "the management server", config.management());
    if (!config.auth().enabled()) {
      Map<String, String> hosts = new LinkedHashMap<>();
      hosts.put("api.host", config.api().host());
      hosts.put("management.host", config.management().host());
      if (config.agents().enabled()) {
        hosts.put("agents.host", config.agents().host());
      }
      hosts.forEach(
          (key, host) -> {
            if (!Hosts.isLoopback(host)) {
              throw new IllegalStateException(
                  "auth.enabled=false is allowed only while every server binds to loopback, but "
                      + key
                      + " is "
                      + host
                      + ": set auth.enabled=true (or "
                      + key
                      + "=127.0.0.1)");
            }
          });
    }
  }

  private static void plainText(String prefix, String what, HttpServerConfig server) {
    if (server.tls().isPresent() || Hosts.isLoopback(server.host())) {
      return;
    }
    if (!server.allowPlaintextOnLan()) {
      throw new IllegalStateException(
          prefix
              + ".host "
              + server.host()
              + " is not a loopback address and "
              + what
              + " would serve plain HTTP: set "
              + prefix
              + ".tls.enabled=true (or "
              + prefix
              + ".host=127.0.0.1)");
    }
    LOG.atWarn()
        .addKeyValue("key", prefix + ".allow-plaintext-on-lan")
        .addKeyValue("host", server.host())
        .log(
            what
                + " serves plain HTTP on a LAN address: tokens and data cross the network"
                + " readable by anyone on it; for trials only, set "
                + prefix
                + ".tls.enabled=true");
  }
}
