package jp.oqsgateway.gateway.bootstrap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig;
import jp.oqsgateway.gateway.bootstrap.config.GatewayConfig.HttpServerConfig;
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
      List<String[]> servers = new ArrayList<>();
      servers.add(new String[] {"api.host", config.api().host()});
      servers.add(new String[] {"management.host", config.management().host()});
      if (config.agents().enabled()) {
        servers.add(new String[] {"agents.host", config.agents().host()});
      }
      for (String[] s : servers) {
        if (!isLoopback(s[1])) {
          throw new IllegalStateException(
              "auth.enabled=false is allowed only while every server binds to loopback, but "
                  + s[0]
                  + " is "
                  + s[1]
                  + ": set auth.enabled=true (or "
                  + s[0]
                  + "=127.0.0.1)");
        }
      }
    }
  }

  private static void plainText(String prefix, String what, HttpServerConfig server) {
    if (server.tls().isPresent() || isLoopback(server.host())) {
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

  /**
   * 127.0.0.0/8, ::1 or {@code localhost}. Any other name counts as not loopback (it is not looked
   * up), and so do the wildcard addresses 0.0.0.0 and :: (every interface).
   */
  static boolean isLoopback(String host) {
    String h = host == null ? "" : host.strip();
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    if (h.toLowerCase(Locale.ROOT).equals("localhost")) {
      return true;
    }
    boolean literal =
        h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || (h.contains(":") && h.matches("[0-9a-fA-F:.]+"));
    if (!literal) {
      return false;
    }
    try {
      // A literal: parsed, never resolved.
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
