package jp.oqsgateway.gateway.ops;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import jp.oqsgateway.settings.Setting;

/** The demo's keys: where the virtual card's control channel listens, when there is one. */
public final class DemoSettings {
  private DemoSettings() {}

  public static final Setting<Optional<InetSocketAddress>> VIRTUAL_CARD_CONTROL =
      new Setting<>(
          "demo.virtual-card-control",
          "",
          "host:port of the demo's virtual card control channel, on a loopback address only"
              + " (./ops/demo sets it); POST /api/v1/demo/virtual-card then inserts and removes the"
              + " card. Empty: no virtual card, and the demo operations answer 404 not-a-demo.",
          DemoSettings::loopbackHostPort);

  public static final List<Setting<?>> ALL = List.of(VIRTUAL_CARD_CONTROL);

  static Optional<InetSocketAddress> loopbackHostPort(String raw) {
    String s = raw.trim();
    if (s.isEmpty()) {
      return Optional.empty();
    }
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("must be host:port, got '" + s + "'");
    }
    String host = s.substring(0, colon).replaceAll("^\\[|\\]$", "");
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be host:port with a numeric port, got '" + s + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("host '" + host + "' does not resolve");
    }
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "must be a loopback address (127.0.0.1, ::1 or localhost), got '" + host + "'");
    }
    return Optional.of(new InetSocketAddress(address, port));
  }
}
