package jp.oqsgateway.gateway.notify;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * An address range in CIDR notation ({@code 192.168.10.0/24}, {@code fc00::/7}) or a single
 * address. Written by hand: the JDK has no CIDR type, and a dozen lines beat a dependency for a
 * prefix comparison. Parsing never touches DNS: only numeric addresses are accepted.
 */
record IpRange(byte[] network, int prefix) {

  /** Parses {@code address[/prefix]}; throws {@link IllegalArgumentException} naming the rule. */
  static IpRange parse(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    int slash = s.indexOf('/');
    String address = slash < 0 ? s : s.substring(0, slash);
    byte[] bytes = numeric(address);
    if (bytes == null) {
      throw new IllegalArgumentException("'" + text + "' is not an IP address or CIDR range");
    }
    int bits = bytes.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0-" + bits);
      }
    }
    return new IpRange(mask(bytes, prefix), prefix);
  }

  /** True for a numeric IPv4 or IPv6 literal (brackets allowed), without any DNS lookup. */
  static boolean isLiteral(String host) {
    return numeric(host) != null;
  }

  /** The address of a numeric literal, or null when {@code host} is a name. */
  static InetAddress literal(String host) {
    byte[] bytes = numeric(host);
    try {
      return bytes == null ? null : InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      return null; // cannot happen for 4 or 16 bytes
    }
  }

  boolean contains(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == network.length && java.util.Arrays.equals(mask(bytes, prefix), network);
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xff << (8 - keep)));
    }
    return out;
  }

  /**
   * The bytes of an IPv4 dotted quad or an IPv6 literal, or null. IPv4 must be four decimal parts
   * (no {@code 0x7f.1} or {@code 2130706433} forms, which some resolvers read as loopback).
   */
  private static byte[] numeric(String raw) {
    String s = raw;
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    if (s.isEmpty()) {
      return null;
    }
    if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      byte[] out = new byte[4];
      String[] parts = s.split("\\.");
      for (int i = 0; i < 4; i++) {
        int v = Integer.parseInt(parts[i]);
        if (v > 255) {
          return null;
        }
        out[i] = (byte) v;
      }
      return out;
    }
    if (s.indexOf(':') >= 0 && s.matches("[0-9a-fA-F:.]+")) {
      try {
        // A literal with ':' is parsed without any lookup (the JDK answers ::ffff:a.b.c.d as
        // the IPv4 address it maps, which is then checked as IPv4).
        return InetAddress.getByName(s).getAddress();
      } catch (UnknownHostException e) {
        return null;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    try {
      return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
    } catch (UnknownHostException e) {
      return new BigInteger(1, network).toString(16) + "/" + prefix;
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IpRange r
        && r.prefix == prefix
        && java.util.Arrays.equals(r.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Arrays.hashCode(network) + prefix;
  }
}
