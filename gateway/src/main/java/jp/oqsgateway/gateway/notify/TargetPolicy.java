package jp.oqsgateway.gateway.notify;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a webhook may be sent. A webhook URL is chosen by whoever holds a {@code chart} token, so
 * without rules it could make the gateway POST into the clinic LAN or to itself (server-side
 * request forgery). Denied unless {@code webhooks.allow-hosts} names the host or a range holding
 * its address: loopback, link-local (cloud metadata at 169.254.169.254 included), private (RFC
 * 1918, shared 100.64/10, unique-local fc00::/7, site-local fec0::/10) and the IPv4-mapped,
 * -compatible, NAT64 and 6to4 IPv6 forms of those. Never allowed: unspecified, multicast, reserved
 * and broadcast addresses, and the gateway's own listening ports on this machine. Plain {@code
 * http} only with {@code webhooks.allow-http}.
 *
 * <p>The address checked is the address then connected to ({@link WebhookTargets}), so a name that
 * resolved to a public address at subscription and to 127.0.0.1 at delivery is refused. Checks that
 * look at the machine's interfaces are blocking: callers run them on a worker.
 */
public final class TargetPolicy {
  /** Kinds of address; the label goes into refusal texts. */
  enum Kind {
    LOOPBACK("loopback", true),
    LINK_LOCAL("link-local", true),
    PRIVATE("private", true),
    UNSPECIFIED("unspecified", false),
    MULTICAST("multicast", false),
    RESERVED("reserved", false);

    final String label;

    /** An allow-list entry can open it (false: never a webhook target). */
    final boolean allowable;

    Kind(String label, boolean allowable) {
      this.label = label;
      this.allowable = allowable;
    }
  }

  private static final Map<IpRange, Kind> BLOCKED_V4 = new LinkedHashMap<>();
  private static final Map<IpRange, Kind> BLOCKED_V6 = new LinkedHashMap<>();

  static {
    BLOCKED_V4.put(IpRange.parse("0.0.0.0/8"), Kind.UNSPECIFIED);
    BLOCKED_V4.put(IpRange.parse("127.0.0.0/8"), Kind.LOOPBACK);
    BLOCKED_V4.put(IpRange.parse("169.254.0.0/16"), Kind.LINK_LOCAL);
    BLOCKED_V4.put(IpRange.parse("10.0.0.0/8"), Kind.PRIVATE);
    BLOCKED_V4.put(IpRange.parse("172.16.0.0/12"), Kind.PRIVATE);
    BLOCKED_V4.put(IpRange.parse("192.168.0.0/16"), Kind.PRIVATE);
    BLOCKED_V4.put(IpRange.parse("100.64.0.0/10"), Kind.PRIVATE);
    BLOCKED_V4.put(IpRange.parse("192.0.0.0/24"), Kind.RESERVED);
    BLOCKED_V4.put(IpRange.parse("198.18.0.0/15"), Kind.RESERVED);
    BLOCKED_V4.put(IpRange.parse("224.0.0.0/4"), Kind.MULTICAST);
    BLOCKED_V4.put(IpRange.parse("240.0.0.0/4"), Kind.RESERVED);
    BLOCKED_V6.put(IpRange.parse("::/128"), Kind.UNSPECIFIED);
    BLOCKED_V6.put(IpRange.parse("::1/128"), Kind.LOOPBACK);
    BLOCKED_V6.put(IpRange.parse("fe80::/10"), Kind.LINK_LOCAL);
    BLOCKED_V6.put(IpRange.parse("fec0::/10"), Kind.PRIVATE);
    BLOCKED_V6.put(IpRange.parse("fc00::/7"), Kind.PRIVATE);
    BLOCKED_V6.put(IpRange.parse("ff00::/8"), Kind.MULTICAST);
  }

  private final boolean allowHttp;
  private final Set<String> allowedNames;
  private final List<IpRange> allowedRanges;
  private final Set<Integer> ownPorts = ConcurrentHashMap.newKeySet();

  public TargetPolicy(WebhookRules rules) {
    this.allowHttp = rules.allowHttp();
    Set<String> names = new HashSet<>();
    List<IpRange> ranges = new ArrayList<>();
    for (String entry : rules.allowHosts()) {
      if (IpRange.isLiteral(entry.split("/", 2)[0])) {
        ranges.add(IpRange.parse(entry));
      } else {
        names.add(hostName(entry));
      }
    }
    this.allowedNames = Set.copyOf(names);
    this.allowedRanges = List.copyOf(ranges);
  }

  /**
   * Checks one {@code webhooks.allow-hosts} entry: a host name, an address or a CIDR range.
   *
   * @throws IllegalArgumentException naming the rule
   */
  public static String validateAllowEntry(String entry) {
    String e = entry.trim();
    if (IpRange.isLiteral(e.split("/", 2)[0])) {
      IpRange.parse(e);
      return e;
    }
    if (!e.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})?\\.?")) {
      throw new IllegalArgumentException(
          "'" + entry + "' is neither a host name, an IP address nor a CIDR range");
    }
    return e;
  }

  /** A port this gateway listens on: never a webhook target on this machine. */
  public void addOwnPort(int port) {
    if (port > 0) {
      ownPorts.add(port);
    }
  }

  /** A URL as the relay will use it: scheme, host, port and the request path with its query. */
  public record Target(boolean ssl, String host, int port, String requestUri) {
    /** The host as written in the URL, lowercased, without brackets or a trailing dot. */
    String name() {
      return hostName(host);
    }
  }

  /** A target that breaks a rule; the message names the rule and is safe to show to the caller. */
  public static final class Refused extends RuntimeException {
    public Refused(String rule) {
      super(rule, null, false, false);
    }
  }

  /**
   * Parses {@code url} and checks what can be checked without resolving it: the scheme, the host
   * syntax and, for a numeric host, its address.
   *
   * @throws Refused naming the rule
   */
  public Target target(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new Refused("is not a valid URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && allowHttp)) {
      throw new Refused(
          scheme.equals("http")
              ? "must use https (plain http needs webhooks.allow-http)"
              : "must be an https URL");
    }
    if (uri.getRawUserInfo() != null) {
      throw new Refused("must not carry a user name or password");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new Refused("must name a host");
    }
    boolean ssl = scheme.equals("https");
    int port = uri.getPort() == -1 ? (ssl ? 443 : 80) : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (bare.contains(":") && !IpRange.isLiteral(bare)) {
      throw new Refused("must name a host or an IP address");
    }
    return new Target(ssl, bare, port, requestUri);
  }

  /**
   * Why {@code address}, which {@code target}'s host resolved to, may not be connected to; empty
   * when it may. Blocking (looks at the machine's interfaces): call it on a worker.
   */
  public Optional<String> refusal(Target target, InetAddress address) {
    if (ownPorts.contains(target.port()) && isThisMachine(address)) {
      return Optional.of(
          "points at one of the gateway's own ports ("
              + target.port()
              + " on this machine); never allowed");
    }
    Kind kind = kindOf(address);
    if (kind == null) {
      return Optional.empty();
    }
    if (kind.allowable && (allowedNames.contains(target.name()) || inAllowedRange(address))) {
      return Optional.empty();
    }
    String shown = address.getHostAddress();
    if (!kind.allowable) {
      return Optional.of("resolves to " + shown + ", a " + kind.label + " address; never allowed");
    }
    return Optional.of(
        "resolves to "
            + shown
            + ", a "
            + kind.label
            + " address: webhooks may reach this machine or the clinic LAN only when"
            + " webhooks.allow-hosts names the host or a range holding the address");
  }

  private boolean inAllowedRange(InetAddress address) {
    InetAddress v4 = embeddedIpv4(address);
    for (IpRange r : allowedRanges) {
      if (r.contains(address) || (v4 != null && r.contains(v4))) {
        return true;
      }
    }
    return false;
  }

  /** The kind of a blocked address, or null for an address on the internet. */
  static Kind kindOf(InetAddress address) {
    InetAddress v4 = embeddedIpv4(address);
    if (v4 != null) {
      Kind inner = kindOf(v4);
      if (inner != null) {
        return inner;
      }
    }
    Map<IpRange, Kind> table = address.getAddress().length == 4 ? BLOCKED_V4 : BLOCKED_V6;
    for (Map.Entry<IpRange, Kind> e : table.entrySet()) {
      if (e.getKey().contains(address)) {
        return e.getValue();
      }
    }
    return null;
  }

  /**
   * The IPv4 address an IPv6 address carries: IPv4-mapped ({@code ::ffff:a.b.c.d}), -compatible
   * ({@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::a.b.c.d}) or 6to4 ({@code 2002:aabb:ccdd::}).
   */
  static InetAddress embeddedIpv4(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length != 16) {
      return null;
    }
    byte[] v4 = null;
    if (zero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
      v4 = java.util.Arrays.copyOfRange(b, 12, 16);
    } else if (zero(b, 0, 12) && b[12] != 0) {
      v4 = java.util.Arrays.copyOfRange(b, 12, 16);
    } else if ((b[0] & 0xff) == 0x00
        && (b[1] & 0xff) == 0x64
        && (b[2] & 0xff) == 0xff
        && (b[3] & 0xff) == 0x9b
        && zero(b, 4, 12)) {
      v4 = java.util.Arrays.copyOfRange(b, 12, 16);
    } else if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
      v4 = java.util.Arrays.copyOfRange(b, 2, 6);
    }
    if (v4 == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(v4);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  private static boolean zero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isThisMachine(InetAddress address) {
    InetAddress v4 = embeddedIpv4(address);
    InetAddress a = v4 != null ? v4 : address;
    if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(a) != null;
    } catch (SocketException e) {
      return true; // cannot tell: treat as this machine, so its ports stay refused
    }
  }

  private static String hostName(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
