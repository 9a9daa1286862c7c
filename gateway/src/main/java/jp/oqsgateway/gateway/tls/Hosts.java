package jp.oqsgateway.gateway.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** What a configured host is, decided from its text alone: never a DNS lookup. */
public final class Hosts {
  private Hosts() {}

  /** An IPv4 or IPv6 literal (IPv6 without brackets). */
  public static boolean isIpLiteral(String s) {
    return s.matches("\\d{1,3}(\\.\\d{1,3}){3}")
        || (s.contains(":") && s.matches("[0-9a-fA-F:.]+"));
  }

  /** {@code host} without surrounding blanks or IPv6 brackets. */
  public static String bare(String host) {
    String h = host == null ? "" : host.strip();
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  /**
   * 127.0.0.0/8, ::1 or {@code localhost}. Any other name counts as not loopback (it is not looked
   * up), and so do the wildcard addresses 0.0.0.0 and :: (every interface) and an empty host.
   */
  public static boolean isLoopback(String host) {
    String h = bare(host);
    if (h.toLowerCase(Locale.ROOT).equals("localhost")) {
      return true;
    }
    if (!isIpLiteral(h)) {
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
